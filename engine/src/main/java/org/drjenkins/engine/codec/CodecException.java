package org.drjenkins.engine.codec;

import java.io.IOException;

/** Stored bytes could not be decoded: wrong key, tampering, corrupt compression. One clear line, no key material. */
public class CodecException extends IOException {

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }

    public CodecException(String message) {
        super(message);
    }
}
