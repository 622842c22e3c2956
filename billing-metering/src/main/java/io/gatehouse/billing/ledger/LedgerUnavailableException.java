package io.gatehouse.billing.ledger;

/** PostgreSQL could not record a batch for a reason that may pass (down, timeout, deadlock): retry later. */
public class LedgerUnavailableException extends RuntimeException {

    public LedgerUnavailableException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
