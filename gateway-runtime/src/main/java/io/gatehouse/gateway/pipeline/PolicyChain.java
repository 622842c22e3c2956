package io.gatehouse.gateway.pipeline;

import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.Future;

import java.util.List;

/**
 * Runs {@link Policy policies} in order until one does not {@link Outcome.Continue continue}.
 * The result is always a succeeded future holding an outcome: a throwing or failing policy
 * becomes {@link Outcome.Fail} with {@code internal-error}.
 */
public final class PolicyChain {

    private final List<Policy> policies;

    public PolicyChain(List<Policy> policies) {
        this.policies = List.copyOf(policies);
    }

    public List<Policy> policies() {
        return policies;
    }

    /** Runs the chain; {@link Outcome.Continue} means every policy let the request through. */
    public Future<Outcome> run(Exchange exchange) {
        return runFrom(exchange, 0);
    }

    private Future<Outcome> runFrom(Exchange exchange, int start) {
        for (int i = start; i < policies.size(); i++) {
            Policy policy = policies.get(i);
            Future<Outcome> decision;
            try {
                decision = policy.onRequest(exchange);
            } catch (RuntimeException e) {
                return failed(policy, e);
            }
            if (decision == null) {
                return failed(policy, new IllegalStateException("policy returned no outcome"));
            }
            if (!decision.isComplete()) {
                int next = i + 1;
                return decision.transform(ar -> ar.succeeded()
                        ? afterDecision(exchange, policy, ar.result(), next)
                        : failed(policy, ar.cause()));
            }
            if (decision.failed()) {
                return failed(policy, decision.cause());
            }
            Outcome outcome = decision.result();
            // Synchronous decisions loop here instead of composing, so a long chain costs no stack.
            if (!(outcome instanceof Outcome.Continue)) {
                return outcome == null
                        ? failed(policy, new IllegalStateException("policy returned a null outcome"))
                        : decision;
            }
        }
        return Outcome.proceed();
    }

    private Future<Outcome> afterDecision(Exchange exchange, Policy policy, Outcome outcome, int next) {
        if (outcome == null) {
            return failed(policy, new IllegalStateException("policy returned a null outcome"));
        }
        return outcome instanceof Outcome.Continue ? runFrom(exchange, next) : Future.succeededFuture(outcome);
    }

    private static Future<Outcome> failed(Policy policy, Throwable cause) {
        return Future.succeededFuture(new Outcome.Fail(
                Problem.of(GatewayError.INTERNAL_ERROR, "The gateway failed to handle the request"),
                new PolicyException(policy.name(), cause)));
    }

    /** Wraps what a policy threw, naming the policy for the log. */
    public static final class PolicyException extends RuntimeException {
        public PolicyException(String policy, Throwable cause) {
            super("policy '" + policy + "' failed: " + cause, cause);
        }
    }
}
