package io.gatehouse.gateway.config;

/** A snapshot that cannot be applied at all (not JSON, no version). The previous config stays in force. */
public class InvalidSnapshotException extends RuntimeException {

    public InvalidSnapshotException(String message) {
        super(message);
    }

    public InvalidSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
