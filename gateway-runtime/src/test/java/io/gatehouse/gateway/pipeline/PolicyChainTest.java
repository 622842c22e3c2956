package io.gatehouse.gateway.pipeline;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyChainTest {

    private final List<String> ran = new ArrayList<>();
    private final Exchange exchange = new Exchange("r1", "GET", null, "/x", MultiMap.caseInsensitiveMultiMap(),
            CompiledConfig.empty(1));

    private Policy policy(String name, Supplier<Future<Outcome>> decision) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Future<Outcome> onRequest(Exchange exchange) {
                ran.add(name);
                return decision.get();
            }

            @Override
            public void onResponse(Exchange exchange, ResponseHead head) {
                ran.add("response " + name);
                if (name.startsWith("throwing")) {
                    throw new IllegalStateException("boom");
                }
                head.headers().add("X-Seen-By", name);
            }

            @Override
            public void onComplete(Exchange exchange) {
                ran.add("complete " + name);
            }
        };
    }

    @Test
    void runs_the_response_phase_once_in_reverse_order_for_the_policies_that_saw_the_request() {
        new PolicyChain(List.of(policy("a", Outcome::proceed),
                policy("b", () -> Outcome.respond(GatewayError.NOT_SUBSCRIBED, "no")),
                policy("c", Outcome::proceed))).run(exchange);
        ran.clear();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();

        exchange.respond(ResponseHead.fromGateway(403, headers, false));
        exchange.respond(ResponseHead.fromGateway(403, headers, false));
        exchange.complete();
        exchange.complete();

        assertEquals(List.of("response b", "response a", "complete b", "complete a"), ran,
                "c never saw the request, and each phase runs once");
        assertEquals(List.of("b", "a"), headers.getAll("X-Seen-By"));
        assertTrue(exchange.responded());
    }

    @Test
    void a_policy_that_throws_in_its_response_phase_does_not_keep_the_others_from_theirs() {
        new PolicyChain(List.of(policy("a", Outcome::proceed), policy("throwing", Outcome::proceed))).run(exchange);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();

        exchange.respond(ResponseHead.fromGateway(200, headers, false));

        assertEquals(List.of("a"), headers.getAll("X-Seen-By"));
    }

    @Test
    void the_response_phase_after_an_asynchronous_decision_reaches_the_policy_that_waited() {
        Promise<Outcome> later = Promise.promise();
        Future<Outcome> result = new PolicyChain(List.of(policy("a", Outcome::proceed), policy("b", later::future),
                policy("c", Outcome::proceed))).run(exchange);
        later.complete(Outcome.CONTINUE);
        assertInstanceOf(Outcome.Continue.class, result.result());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();

        exchange.respond(ResponseHead.fromGateway(200, headers, false));

        assertEquals(List.of("c", "b", "a"), headers.getAll("X-Seen-By"));
    }

    @Test
    void an_answer_of_the_gateways_own_has_no_upstream_body_to_replace() {
        ResponseHead head = ResponseHead.fromGateway(404, MultiMap.caseInsensitiveMultiMap(), false);
        assertFalse(head.fromUpstream());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> head.replaceBody(null));
    }

    @Test
    void runs_every_policy_in_order_when_all_continue() {
        Future<Outcome> result = new PolicyChain(List.of(
                policy("a", Outcome::proceed), policy("b", Outcome::proceed), policy("c", Outcome::proceed))).run(exchange);

        assertInstanceOf(Outcome.Continue.class, result.result());
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void stops_at_the_first_denial_and_returns_it() {
        Future<Outcome> result = new PolicyChain(List.of(
                policy("a", Outcome::proceed),
                policy("b", () -> Outcome.respond(GatewayError.NOT_SUBSCRIBED, "no")),
                policy("c", Outcome::proceed))).run(exchange);

        Outcome.Respond respond = assertInstanceOf(Outcome.Respond.class, result.result());
        assertEquals(GatewayError.NOT_SUBSCRIBED, respond.problem().error());
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void waits_for_an_asynchronous_decision_before_running_the_next_policy() {
        Promise<Outcome> pending = Promise.promise();
        Future<Outcome> result = new PolicyChain(List.of(
                policy("async", pending::future), policy("after", Outcome::proceed))).run(exchange);

        assertFalse(result.isComplete());
        assertEquals(List.of("async"), ran);

        pending.complete(Outcome.CONTINUE);

        assertInstanceOf(Outcome.Continue.class, result.result());
        assertEquals(List.of("async", "after"), ran);
    }

    @Test
    void turns_a_throwing_policy_into_an_internal_error_and_stops() {
        Future<Outcome> result = new PolicyChain(List.of(
                policy("boom", () -> {
                    throw new IllegalStateException("bug");
                }),
                policy("after", Outcome::proceed))).run(exchange);

        Outcome.Fail fail = assertInstanceOf(Outcome.Fail.class, result.result());
        assertEquals(GatewayError.INTERNAL_ERROR, fail.problem().error());
        assertTrue(fail.cause().getMessage().contains("boom"));
        assertEquals(List.of("boom"), ran);
    }

    @Test
    void turns_a_failed_future_or_a_missing_outcome_into_an_internal_error() {
        Outcome failed = new PolicyChain(List.of(policy("f", () -> Future.failedFuture("redis down")))).run(exchange).result();
        Outcome nothing = new PolicyChain(List.of(policy("n", () -> null))).run(exchange).result();
        Outcome nullOutcome = new PolicyChain(List.of(policy("nn", () -> Future.succeededFuture(null)))).run(exchange).result();

        assertInstanceOf(Outcome.Fail.class, failed);
        assertInstanceOf(Outcome.Fail.class, nothing);
        assertInstanceOf(Outcome.Fail.class, nullOutcome);
    }

    @Test
    void an_asynchronous_failure_also_becomes_an_internal_error() {
        Promise<Outcome> pending = Promise.promise();
        Future<Outcome> result = new PolicyChain(List.of(policy("async", pending::future))).run(exchange);

        pending.fail("timeout");

        assertInstanceOf(Outcome.Fail.class, result.result());
    }

    @Test
    void an_empty_chain_lets_the_request_through() {
        assertInstanceOf(Outcome.Continue.class, new PolicyChain(List.of()).run(exchange).result());
    }
}
