package org.drjenkins.engine.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.drjenkins.engine.config.ConfigException;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.OncallReader;
import org.drjenkins.engine.notify.Contact;
import org.junit.Test;

/** The plan's rotation: week 1 primary A, secondary B, escalation CTO; week 2 primary C, secondary D, VP Engineering. */
public class RotationTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Starts Monday 2026-01-05 00:00 Berlin time. */
    static final String PLAN = """
            oncall:
              zone: Europe/Berlin
              start: 2026-01-05T00:00
              shiftLength: 7d
              people:
                - { name: Alice, email: alice@example.com }
                - { name: Bob, email: bob@example.com }
                - { name: Carol, email: carol@example.com }
                - { name: Dan, email: dan@example.com }
                - { name: CTO, email: cto@example.com }
                - { name: VP Engineering, email: vp@example.com }
                - { name: Eve, email: eve@example.com }
              primary: [Alice, Carol]
              secondary: [Bob, Dan]
              escalation: [CTO, VP Engineering]
            """;

    static Rotation rotation(String yaml) {
        return OncallReader.parse(yaml, "test").orElseThrow();
    }

    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    private static String names(Shift shift) {
        return shift.who(Layer.PRIMARY).map(Contact::name).orElse("-") + "/" + shift.who(Layer.SECONDARY).map(Contact::name).orElse("-")
                + "/" + shift.who(Layer.ESCALATION).map(Contact::name).orElse("-");
    }

    @Test
    public void weekOneIsOnCallUntilSunday2359AndWeekTwoTakesOverAtMondayMidnightInTheRotationsZone() {
        Rotation rotation = rotation(PLAN);

        assertThat(names(rotation.onCallAt(berlin("2026-01-05T00:00")))).isEqualTo("Alice/Bob/CTO");
        assertThat(names(rotation.onCallAt(berlin("2026-01-11T23:59")))).isEqualTo("Alice/Bob/CTO");
        assertThat(names(rotation.onCallAt(berlin("2026-01-12T00:00")))).isEqualTo("Carol/Dan/VP Engineering");
        assertThat(names(rotation.onCallAt(berlin("2026-01-18T23:59")))).isEqualTo("Carol/Dan/VP Engineering");
        assertThat(names(rotation.onCallAt(berlin("2026-01-19T00:00")))).isEqualTo("Alice/Bob/CTO");
        assertThat(rotation.onCallAt(berlin("2026-01-12T00:00")).number()).isEqualTo(2);
        assertThat(names(rotation.nextAfter(berlin("2026-01-11T23:59")))).isEqualTo("Carol/Dan/VP Engineering");
    }

    @Test
    public void theHandoverIsAtMidnightInTheZoneNotInUtc() {
        Rotation rotation = rotation(PLAN);

        // Monday 00:00 in Berlin (winter, UTC+1) is Sunday 23:00 UTC.
        assertThat(names(rotation.onCallAt(Instant.parse("2026-01-11T22:59:59Z")))).isEqualTo("Alice/Bob/CTO");
        assertThat(names(rotation.onCallAt(Instant.parse("2026-01-11T23:00:00Z")))).isEqualTo("Carol/Dan/VP Engineering");
    }

    @Test
    public void aWeeklyShiftAcrossTheSpringDstChangeStillHandsOverAtMondayMidnightLocalTime() {
        Rotation rotation = rotation(PLAN);

        // Berlin moves its clocks forward on Sunday 2026-03-29; the shift of 2026-03-23 lasts 167 hours.
        Shift dstWeek = rotation.onCallAt(berlin("2026-03-25T12:00"));
        assertThat(Duration.between(dstWeek.start(), dstWeek.end())).isEqualTo(Duration.ofHours(167));
        assertThat(dstWeek.end()).isEqualTo(berlin("2026-03-30T00:00"));
        assertThat(names(rotation.onCallAt(berlin("2026-03-29T23:59")))).isEqualTo(names(dstWeek));
        assertThat(names(rotation.onCallAt(berlin("2026-03-30T00:00")))).isNotEqualTo(names(dstWeek));
        // And back in autumn: the week of 2026-10-19 lasts 169 hours.
        Shift autumn = rotation.onCallAt(berlin("2026-10-21T12:00"));
        assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(169));
    }

    @Test
    public void anOverrideReplacesOneLayerForItsWindowOnly() {
        Rotation rotation = rotation(PLAN + """
                  overrides:
                    - { person: Eve, layer: primary, from: 2026-01-07T09:00, to: 2026-01-08T09:00 }
                """);

        assertThat(names(rotation.onCallAt(berlin("2026-01-07T08:59")))).isEqualTo("Alice/Bob/CTO");
        assertThat(names(rotation.onCallAt(berlin("2026-01-07T09:00")))).isEqualTo("Eve/Bob/CTO");
        assertThat(names(rotation.onCallAt(berlin("2026-01-08T08:59")))).isEqualTo("Eve/Bob/CTO");
        assertThat(names(rotation.onCallAt(berlin("2026-01-08T09:00")))).isEqualTo("Alice/Bob/CTO");
        assertThat(RotationCheck.problems(rotation, berlin("2026-01-06T00:00"))).isEmpty();
    }

    @Test
    public void anOverrideWithAnOffsetIsReadInThatOffset() {
        Rotation rotation = rotation(PLAN + """
                  overrides:
                    - { person: Eve, layer: secondary, from: "2026-01-07T09:00Z", to: "2026-01-07T10:00Z" }
                """);

        assertThat(rotation.overrides().get(0).from()).isEqualTo(Instant.parse("2026-01-07T09:00:00Z"));
        assertThat(rotation.onCallAt(Instant.parse("2026-01-07T09:30:00Z")).who(Layer.SECONDARY).orElseThrow().name()).isEqualTo("Eve");
    }

    @Test
    public void theCheckRefusesAShiftWithNobodyOnALayer() {
        Rotation rotation = rotation(PLAN.replace("secondary: [Bob, Dan]", "secondary: [Bob, ~]"));

        assertThat(RotationCheck.problems(rotation, berlin("2026-01-06T00:00")))
                .singleElement().asString().contains("gap: nobody is on secondary in shift 2")
                .contains("2026-01-12 00:00 CET").contains("oncall.secondary entry 2");
    }

    @Test
    public void theCheckAcceptsAGapThatAnOverrideFillsForTheWholeShift() {
        Rotation rotation = rotation(PLAN.replace("secondary: [Bob, Dan]", "secondary: [Bob, ~]") + """
                  overrides:
                    - { person: Eve, layer: secondary, from: 2026-01-12T00:00, to: 2026-01-19T00:00 }
                """);

        assertThat(RotationCheck.problems(rotation, berlin("2026-01-06T00:00"))).isEmpty();
    }

    @Test
    public void theCheckRefusesAPersonOnTwoLayersOfTheSameShift() {
        Rotation rotation = rotation(PLAN.replace("secondary: [Bob, Dan]", "secondary: [Alice, Dan]"));

        assertThat(RotationCheck.problems(rotation, berlin("2026-01-06T00:00")))
                .singleElement().asString().startsWith("Alice is on both primary and secondary in shift 1");
    }

    @Test
    public void theCheckRefusesAnOverrideThatPutsTheSecondaryOnPrimaryToo() {
        Rotation rotation = rotation(PLAN + """
                  overrides:
                    - { person: Bob, layer: primary, from: 2026-01-07T09:00, to: 2026-01-08T09:00 }
                """);

        assertThat(RotationCheck.problems(rotation, berlin("2026-01-06T00:00")))
                .singleElement().asString().startsWith("Bob is on both primary and secondary at 2026-01-07 09:00 CET");
    }

    @Test
    public void theCheckRefusesARotationThatHasNotStartedYet() {
        Rotation rotation = rotation(PLAN);

        assertThat(RotationCheck.problems(rotation, berlin("2026-01-04T12:00")))
                .singleElement().asString().contains("nobody is on call before the rotation starts at 2026-01-05 00:00 CET");
        assertThat(rotation.onCallAt(berlin("2026-01-04T12:00")).onCall()).isEmpty();
    }

    @Test
    public void aShorterShiftThanADayIsAnExactDuration() {
        Rotation rotation = rotation(PLAN.replace("shiftLength: 7d", "shiftLength: 12h"));

        assertThat(names(rotation.onCallAt(berlin("2026-01-05T11:59")))).isEqualTo("Alice/Bob/CTO");
        assertThat(names(rotation.onCallAt(berlin("2026-01-05T12:00")))).isEqualTo("Carol/Dan/VP Engineering");
    }

    @Test
    public void badRotationsAreRefusedNamingEachFieldAndTheFix() {
        String yaml = """
                oncall:
                  zone: Europe/Berlinn
                  start: next monday
                  people:
                    - { name: Alice, emial: alice@example.com }
                  primary: [Alice, Zoe]
                  overrides:
                    - { person: Alice, layer: primray, from: 2026-01-07T09:00, to: 2026-01-07T08:00 }
                """;

        assertThatThrownBy(() -> OncallReader.parse(yaml, "dr.yaml")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                        "oncall.zone: \"Europe/Berlinn\" is not a time zone; write a zone id such as Europe/Berlin, America/New_York or UTC",
                        "oncall.start: \"next monday\" is not a date and time; write it as 2026-01-05T00:00 (the rotation's zone) or 2026-01-05T00:00+01:00",
                        "oncall.people[0].emial: unknown key; did you mean email? (allowed keys: name, email)",
                        "oncall.primary[1]: \"Zoe\" is not in oncall.people; add { name: Zoe, email: ... } there or use one of [Alice]",
                        "oncall.overrides[0].layer: \"primray\" is not a layer; write primary, secondary or escalation",
                        "oncall.overrides[0].to: is not after from; an override ends after it starts"));
    }

    @Test
    public void drYamlCarriesTheRotationAndRejectsAMisspeltSection() {
        DrConfig config = ConfigLoader.parse(PLAN, "dr.yaml");
        assertThat(config.rotation()).isPresent();
        assertThat(config.rotation().get().people()).extracting(Contact::name).contains("VP Engineering");

        assertThatThrownBy(() -> ConfigLoader.parse(PLAN.replace("oncall:", "onCal:"), "dr.yaml"))
                .hasMessageContaining("onCal: unknown key; did you mean oncall?");
    }
}
