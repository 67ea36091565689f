package org.drjenkins.engine.util;

/** How a front end spells the engine's {@link Parameter}s in the messages it shows. */
public interface ParameterNames {

    /** The neutral labels, for readers without a front end. */
    ParameterNames NEUTRAL = Parameter::label;

    /** The parameter alone, as in "{name} needs {name}". */
    String name(Parameter parameter);

    /** The parameter with the value it was given, as in "{given}: no such component". */
    default String given(Parameter parameter, String value) {
        return name(parameter) + " " + value;
    }
}
