package io.gatehouse.gateway.policy.subscription;

import io.gatehouse.gateway.config.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the snapshot's subscriptions, with and without product grants, become grants per application and API. */
class SubscriptionIndexTest {

    private final List<String> warnings = new ArrayList<>();

    private SubscriptionIndex index(Snapshot.SubscriptionEntry... entries) {
        return SubscriptionIndex.of(List.of(entries), plan -> "p-broken".equals(plan), warnings);
    }

    private static Snapshot.SubscriptionEntry product(String id, String app, Snapshot.Grant... grants) {
        return new Snapshot.SubscriptionEntry(id, app, "p-1", null, List.of(grants));
    }

    @Test
    void an_entry_without_grants_grants_its_api_whole_as_before_products() {
        SubscriptionIndex index = index(new Snapshot.SubscriptionEntry("s1", "app", "p-1", "api-a"));

        List<ApiGrant> grants = index.grants("app", "api-a");
        assertEquals(1, grants.size());
        assertTrue(grants.get(0).admits("any-route", "PATCH"));
        assertNull(index.grants("app", "api-b"));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void grants_win_over_the_entry_api_id_when_both_are_sent() {
        SubscriptionIndex index = index(new Snapshot.SubscriptionEntry("s1", "app", "p-1", "api-a",
                List.of(new Snapshot.Grant("api-b", null, null))));

        assertNull(index.grants("app", "api-a"));
        assertEquals("s1", index.find("app", "api-b").orElseThrow().id());
    }

    @Test
    void a_product_of_two_apis_is_one_subscription_under_each_api() {
        SubscriptionIndex index = index(product("s1", "app", new Snapshot.Grant("api-a", List.of(), List.of()),
                new Snapshot.Grant("api-b", List.of("r-1"), List.of("get"))));

        assertSame(index.find("app", "api-a").orElseThrow(), index.find("app", "api-b").orElseThrow());
        assertTrue(index.grants("app", "api-a").get(0).admits("r-9", "DELETE"), "empty lists grant every route and method");
        ApiGrant b = index.grants("app", "api-b").get(0);
        assertTrue(b.admits("r-1", "GET"), "methods are compared upper-case");
        assertFalse(b.admits("r-1", "HEAD"), "GET does not imply HEAD, as with route methods");
        assertFalse(b.admits("r-2", "GET"));
        assertTrue(b.includesRoute("r-1"));
        assertFalse(b.includesRoute(null));
    }

    @Test
    void several_subscriptions_granting_one_api_are_tried_in_subscription_id_order_whatever_the_snapshot_order() {
        SubscriptionIndex index = index(product("s-b", "app", new Snapshot.Grant("api-a", null, List.of("POST"))),
                product("s-a", "app", new Snapshot.Grant("api-a", null, List.of("GET"))));

        assertEquals(List.of("s-a", "s-b"), index.grants("app", "api-a").stream().map(g -> g.subscription().id()).toList());
    }

    @Test
    void an_unreadable_grant_is_dropped_so_it_grants_nothing_rather_than_everything() {
        SubscriptionIndex index = index(product("s1", "app", new Snapshot.Grant(" ", null, null),
                        new Snapshot.Grant("api-a", java.util.Arrays.asList("r-1", null), null),
                        new Snapshot.Grant("api-b", null, List.of(""))),
                product("s2", "app", new Snapshot.Grant("api-c", null, null)));

        assertNull(index.grants("app", "api-a"));
        assertNull(index.grants("app", "api-b"));
        assertEquals("s2", index.find("app", "api-c").orElseThrow().id());
        assertEquals(4, warnings.size(), warnings.toString());
        assertTrue(warnings.get(3).contains("s1 skipped"), warnings.toString());
    }

    @Test
    void skips_entries_without_an_application_without_anything_granted_or_under_an_unreadable_plan() {
        SubscriptionIndex index = index(new Snapshot.SubscriptionEntry("s1", null, "p-1", "api-a"),
                new Snapshot.SubscriptionEntry("s2", "app", "p-1", null),
                new Snapshot.SubscriptionEntry("s3", "app", "p-1", null, List.of()),
                new Snapshot.SubscriptionEntry("s4", "app", "p-broken", null, List.of(new Snapshot.Grant("api-a", null, null))));

        assertNull(index.grants("app", "api-a"));
        assertEquals(4, warnings.size(), warnings.toString());
    }
}
