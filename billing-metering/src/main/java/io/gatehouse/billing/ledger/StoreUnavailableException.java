package io.gatehouse.billing.ledger;

/**
 * A consumer cycle stopped because Redis or PostgreSQL failed. Nothing of the entry being handled
 * was acknowledged; it is handled again on a later cycle.
 */
public class StoreUnavailableException extends RuntimeException {

    private final LedgerMetrics.Store store;

    public StoreUnavailableException(LedgerMetrics.Store store, Throwable cause) {
        super(store.tag() + " unavailable: " + cause.getMessage(), cause);
        this.store = store;
    }

    public LedgerMetrics.Store store() {
        return store;
    }
}
