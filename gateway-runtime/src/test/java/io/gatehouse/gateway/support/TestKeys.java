package io.gatehouse.gateway.support;

import io.gatehouse.gateway.policy.auth.ApiKeyHasher;

/** API keys of the test world, and the pepper of the %test profile that hashes them. */
public final class TestKeys {

    /** Must equal {@code %test.gatehouse.key-pepper} in application.properties. */
    public static final String PEPPER = "test-pepper-not-secret";
    public static final ApiKeyHasher HASHER = new ApiKeyHasher(PEPPER);

    /** App "checkout", subscribed to every test API. */
    public static final String VALID = "gh_ValidKeyForCheckoutApplication0000000001";
    /** App "reporting", subscribed only to the "other" API. */
    public static final String OTHER_APP = "gh_KeyOfReportingApplicationNotOnDemo00002";
    /** Keys of app "checkout" that tests revoke. */
    public static final String REVOKED_BY_PUSH = "gh_KeyRevokedByAConfigPush0000000000000003";
    public static final String REVOKED_AFTER_REDIS_DROP = "gh_KeyRevokedAfterRedisDropsAndReturns0004";
    /** Revoked by an announcement that carries it (id {@code k-announce}). */
    /** Revoked by an announcement that proves the ones before it were handled (id {@code k-marker}). */
    public static final String REVOKED_AS_A_MARKER = "gh_KeyRevokedToMarkAnOrderedAnnouncement006";
    public static final String REVOKED_BY_ANNOUNCEMENT = "gh_KeyRevokedByItsOwnAnnouncement0000000005";

    /** App "partner": a product of two APIs, one only in part, and a one-API subscription from before products. */
    public static final String PARTNER = "gh_KeyOfPartnerOnAProductOfTwoApis000000007";
    /** App "metered partner": a product of two APIs under one plan of 3 requests a minute. */
    public static final String METERED_PARTNER = "gh_KeyOfPartnerWhoseProductIsMetered0000008";
    /** App "narrowed partner": a product whose grants a test narrows by a delta. */
    public static final String NARROWED_PARTNER = "gh_KeyOfPartnerWhoseProductIsNarrowed000009";

    private TestKeys() {
    }

    public static String hash(String key) {
        return HASHER.hash(key);
    }
}
