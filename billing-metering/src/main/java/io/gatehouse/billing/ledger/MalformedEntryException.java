package io.gatehouse.billing.ledger;

/**
 * A stream entry that cannot be recorded as a whole (unknown contract version, bad JSON, a
 * count that does not match, or data PostgreSQL refuses). It is moved to the dead-letter stream,
 * never retried.
 */
public class MalformedEntryException extends RuntimeException {

    public MalformedEntryException(String reason) {
        super(reason, null, false, false);
    }
}
