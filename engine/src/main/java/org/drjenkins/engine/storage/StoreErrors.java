package org.drjenkins.engine.storage;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK failure into the one-line {@link StoreException} message the product shows:
 * {@code s3://bucket/key: <what failed> (<status or cause>)}, plus a hint when the cause has an obvious fix.
 * SDK messages can run to several lines with request ids; none of them carry credentials, but only the status and
 * error code (or the root cause's first line) are kept.
 */
final class StoreErrors {

    private static final int MAX_CAUSE_LENGTH = 160;

    private StoreErrors() {
    }

    static String location(String bucket, String key) {
        return "s3://" + bucket + "/" + (key == null ? "" : key);
    }

    static StoreException failed(String bucket, String key, String what, Throwable error) {
        return new StoreException(location(bucket, key) + ": " + what + " (" + cause(error) + ")" + hint(error), error);
    }

    static String cause(Throwable error) {
        if (error instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return service.statusCode() + (code == null || code.isBlank() ? "" : " " + code);
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? null
                : root.getMessage().replaceAll("\\s*\\(SDK Attempt Count: \\d+\\)", "");
        if (message == null || message.isBlank() || "null".equals(message)) {
            message = root.getClass().getSimpleName();
        } else if (!(root instanceof SdkException)) {
            message = root.getClass().getSimpleName() + ": " + message;
        }
        message = message.lines().findFirst().orElse(message).strip();
        return message.length() > MAX_CAUSE_LENGTH ? message.substring(0, MAX_CAUSE_LENGTH) + "…" : message;
    }

    private static String hint(Throwable error) {
        if (error instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
            if ("NoSuchBucket".equals(code)) {
                return ": create the bucket or fix the region's bucket name";
            }
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return ": check the region's credentials and the bucket policy";
            }
            return "";
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException) {
                return ": is the store reachable at its endpoint?";
            }
        }
        return "";
    }
}
