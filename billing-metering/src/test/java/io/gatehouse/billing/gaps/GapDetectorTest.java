package io.gatehouse.billing.gaps;

import io.gatehouse.billing.ledger.LedgerWriter;
import io.gatehouse.billing.ledger.UsageEvent;
import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metering gaps, against the real ledger in PostgreSQL (grace 2 s in the test profile): a hole that stays open past
 * the grace time is a gap in the admin view; one that fills in time is none; a late arrival fills a recorded gap.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_gaps_test"))
@TestSecurity(user = "finance", roles = "billing-viewer")
class GapDetectorTest {

    @Inject
    LedgerWriter ledger;

    @Inject
    GapDetector detector;

    private static String node() {
        return "gaps-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void arrive(String node, long epoch, long... seqs) {
        ledger.record(LongStream.of(seqs).mapToObj(seq -> new UsageEvent(UUID.randomUUID(), Instant.now(), node,
                UsageEvent.NIL, UsageEvent.NIL, UsageEvent.NIL, UsageEvent.NIL, UsageEvent.NIL, UsageEvent.NIL,
                UsageEvent.NIL, "", "GET", 200, "forwarded", 1, 1, 0, 10, epoch, seq)).toList());
    }

    private List<GapDetector.Gap> gapsOf(String node) throws Exception {
        return detector.list(false, 1_000).stream().filter(g -> g.node().equals(node)).toList();
    }

    private static void pastTheGrace() throws InterruptedException {
        Thread.sleep(2_200);
    }

    @Test
    void a_clean_run_shows_no_gap_even_when_events_arrive_out_of_order() throws Exception {
        String node = node();
        arrive(node, 1, 3, 1, 5);
        detector.check();
        arrive(node, 1, 4, 2, 6, 7);
        pastTheGrace();
        detector.check();

        assertEquals(List.of(), gapsOf(node));
    }

    @Test
    void a_hole_left_open_past_the_grace_time_is_a_gap_naming_node_epoch_and_range_in_the_admin_view() throws Exception {
        String node = node();
        arrive(node, 42, 1, 2, 6, 7);
        assertTrue(detector.check().stream().noneMatch(g -> g.node().equals(node)), "not before the grace time");
        pastTheGrace();

        List<GapDetector.Gap> found = detector.check().stream().filter(g -> g.node().equals(node)).toList();

        assertEquals(1, found.size());
        assertEquals(3, found.get(0).firstSeq());
        assertEquals(5, found.get(0).lastSeq());
        assertEquals(3, found.get(0).missing());
        assertEquals(42, found.get(0).epoch());
        given().get("/billing/v1/metering-gaps").then().statusCode(200)
                .body("items.node", hasItem(node))
                .body("items.find { it.node == '" + node + "' }.firstSeq", org.hamcrest.Matchers.equalTo(3))
                .body("items.find { it.node == '" + node + "' }.lastSeq", org.hamcrest.Matchers.equalTo(5))
                .body("grace", org.hamcrest.Matchers.equalTo("PT2S"));
    }

    @Test
    void a_missing_first_event_is_a_gap_too() throws Exception {
        String node = node();
        arrive(node, 7, 2, 3);
        pastTheGrace();
        detector.check();

        assertEquals(1, gapsOf(node).size());
        assertEquals(1, gapsOf(node).get(0).firstSeq());
    }

    @Test
    void events_arriving_late_fill_the_gap_and_it_leaves_the_open_list() throws Exception {
        String node = node();
        arrive(node, 9, 1, 4);
        pastTheGrace();
        detector.check();
        assertEquals(2, gapsOf(node).get(0).missing());

        arrive(node, 9, 2);
        detector.check();
        assertEquals(1, gapsOf(node).get(0).missing(), "half filled");
        arrive(node, 9, 3);
        detector.check();

        assertNotNull(gapsOf(node).get(0).filledAt());
        assertEquals(0, gapsOf(node).get(0).missing());
        given().get("/billing/v1/metering-gaps").then().statusCode(200).body("items.node", not(hasItem(node)));
        given().get("/billing/v1/metering-gaps?state=all").then().statusCode(200).body("items.node", hasItem(node));
        given().get("/billing/v1/metering-gaps?state=bogus").then().statusCode(400);
    }
}
