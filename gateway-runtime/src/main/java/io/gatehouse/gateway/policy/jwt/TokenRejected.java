package io.gatehouse.gateway.policy.jwt;

/**
 * A token that is not accepted. The description goes to the client in {@code error_description}: it is a fixed
 * sentence without quotes or backslashes (RFC 6750 §3) and never echoes the token or its claims.
 */
public final class TokenRejected extends Exception {

    public TokenRejected(String description) {
        super(description, null, false, false);
    }

    public String description() {
        return getMessage();
    }
}
