package org.drjenkins.engine.assets;

/** An s3-prefix backup that recorded nothing: no region holds a complete copy of this run. */
public final class AssetException extends RuntimeException {

    public AssetException(String message) {
        super(message);
    }

    public AssetException(String message, Throwable cause) {
        super(message, cause);
    }
}
