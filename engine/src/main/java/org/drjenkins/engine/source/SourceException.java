package org.drjenkins.engine.source;

import java.io.IOException;

/** The source could not produce complete content. The message is one line and holds no secret. */
public class SourceException extends IOException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
