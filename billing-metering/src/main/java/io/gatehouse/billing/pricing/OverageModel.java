package io.gatehouse.billing.pricing;

/** How the requests beyond the included ones are priced across tiers. */
public enum OverageModel {
    /** Graduated: each tier prices the part of the overage that falls within it. */
    TIERED,
    /** All of the overage at the price of the one tier the overage ends in. */
    VOLUME
}
