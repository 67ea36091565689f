package org.drjenkins.engine.util;

/** The request cannot run as given (unknown component, encryption without recipients …): exit code 2, nothing written. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
