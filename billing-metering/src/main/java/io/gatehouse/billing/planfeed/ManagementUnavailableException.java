package io.gatehouse.billing.planfeed;

/**
 * The plans could not be read from management (unreachable, refused the token, or sent a feed
 * billing cannot use). Whoever needed prices waits and tries again; nothing is priced from a guess.
 */
public class ManagementUnavailableException extends RuntimeException {

    public ManagementUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
