package org.drjenkins.engine.restore;

import java.io.IOException;

/** An archive entry would escape the restore directory. */
public class UnsafeArchiveException extends IOException {

    public UnsafeArchiveException(String message) {
        super(message);
    }
}
