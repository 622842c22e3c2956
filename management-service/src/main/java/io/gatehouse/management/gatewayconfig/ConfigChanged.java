package io.gatehouse.management.gatewayconfig;

/** Fired inside the transaction that changed gateway config; observed after it commits. */
public record ConfigChanged(long version) {
}
