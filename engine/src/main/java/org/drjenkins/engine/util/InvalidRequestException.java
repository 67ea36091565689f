package org.drjenkins.engine.util;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The request cannot run as given (unknown component, encryption without recipients …): exit code 2, nothing written.
 *
 * <p>A message about a request parameter is made of parts: text, {@link Parameter}s and {@link Parameter.Given}
 * values. The engine never spells a parameter the way one front end does; {@link #message(ParameterNames)} renders
 * the parts with the reader's spelling, {@link #getMessage()} with the neutral labels.
 */
public class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Strings, Parameters and Parameter.Given values, in order. */
    private final List<Serializable> parts;

    public InvalidRequestException(String message) {
        this(List.of(message));
    }

    private InvalidRequestException(List<Serializable> parts) {
        super(render(parts, ParameterNames.NEUTRAL));
        this.parts = parts;
    }

    /**
     * @param parts text (any object but the two below, as its string), {@link Parameter} (rendered as its name) and
     *              {@link Parameter.Given} (rendered as the name with its value)
     */
    public static InvalidRequestException of(Object... parts) {
        List<Serializable> kept = new ArrayList<>();
        for (Object part : parts) {
            kept.add(part instanceof Parameter || part instanceof Parameter.Given ? (Serializable) part : String.valueOf(part));
        }
        return new InvalidRequestException(List.copyOf(kept));
    }

    /** The message with parameters spelled as the reader's front end spells them. */
    public String message(ParameterNames names) {
        return render(parts, names);
    }

    /** The parameters the message is about, in order. */
    public List<Parameter> parameters() {
        return parts.stream().map(part -> part instanceof Parameter.Given given ? given.parameter() : part)
                .filter(Parameter.class::isInstance).map(Parameter.class::cast).toList();
    }

    private static String render(List<Serializable> parts, ParameterNames names) {
        StringBuilder text = new StringBuilder();
        for (Serializable part : parts) {
            if (part instanceof Parameter parameter) {
                text.append(names.name(parameter));
            } else if (part instanceof Parameter.Given given) {
                text.append(names.given(given.parameter(), given.value()));
            } else {
                text.append(part);
            }
        }
        return text.toString();
    }
}
