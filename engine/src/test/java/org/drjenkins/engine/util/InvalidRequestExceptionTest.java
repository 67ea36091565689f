package org.drjenkins.engine.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.Test;

public class InvalidRequestExceptionTest {

    private static final InvalidRequestException REPLACE_WITHOUT_TARGET = InvalidRequestException.of(
            Parameter.REPLACE, " needs ", Parameter.TARGET, " (", Parameter.COMPONENT.given("db"), ")");

    @Test
    public void eachFrontEndSpellsTheParametersItsOwnWay() {
        ParameterNames step = new ParameterNames() {
            @Override
            public String name(Parameter parameter) {
                return parameter.name().toLowerCase();
            }

            @Override
            public String given(Parameter parameter, String value) {
                return name(parameter) + ": '" + value + "'";
            }
        };

        assertThat(OptionNames.of(REPLACE_WITHOUT_TARGET)).isEqualTo("--replace needs --target (--component db)");
        assertThat(REPLACE_WITHOUT_TARGET.message(step)).isEqualTo("replace needs target (component: 'db')");
    }

    @Test
    public void withoutAFrontEndTheMessageUsesNeutralLabels() {
        assertThat(REPLACE_WITHOUT_TARGET.getMessage()).isEqualTo("replace needs target server (component db)");
        assertThat(REPLACE_WITHOUT_TARGET.parameters()).containsExactly(Parameter.REPLACE, Parameter.TARGET, Parameter.COMPONENT);
    }

    @Test
    public void aPlainMessageNamesNoParameterAndValuesAreNeverReadAsParameters() {
        InvalidRequestException plain = new InvalidRequestException("region x has no database");
        InvalidRequestException tricky = InvalidRequestException.of(Parameter.BACKUP.given("--target"), ": no such backup");

        assertThat(plain.parameters()).isEmpty();
        assertThat(OptionNames.of(plain)).isEqualTo("region x has no database");
        assertThat(OptionNames.of(tricky)).isEqualTo("--backup --target: no such backup");
        assertThat(tricky.parameters()).containsExactly(Parameter.BACKUP);
    }

    @Test
    public void theStructureSurvivesSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(REPLACE_WITHOUT_TARGET);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            InvalidRequestException back = (InvalidRequestException) in.readObject();
            assertThat(OptionNames.of(back)).isEqualTo("--replace needs --target (--component db)");
        }
    }
}
