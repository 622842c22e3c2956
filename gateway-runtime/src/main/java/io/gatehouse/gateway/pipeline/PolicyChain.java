package io.gatehouse.gateway.pipeline;

import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Runs {@link Policy policies} in order until one does not {@link Outcome.Continue continue}.
 * The result is always a succeeded future holding an outcome: a throwing or failing policy
 * becomes {@link Outcome.Fail} with {@code internal-error}.
 */
public final class PolicyChain {

    private static final Logger LOG = Logger.getLogger(PolicyChain.class);

    /** The {@link Policy#name() name} of the policy that ended the chain (answered, or failed); unset when it ran through. */
    public static final Exchange.Key<String> DECIDED_BY = new Exchange.Key<>("decided-by");

    private final List<Policy> policies;

    public PolicyChain(List<Policy> policies) {
        this.policies = List.copyOf(policies);
    }

    public List<Policy> policies() {
        return policies;
    }

    /**
     * Runs the chain; {@link Outcome.Continue} means every policy let the request through. The exchange is bound to
     * this chain, so its {@link Exchange#respond response phase} and {@link Exchange#complete completion} run the
     * policies that saw the request.
     */
    public Future<Outcome> run(Exchange exchange) {
        exchange.bind(this);
        return runFrom(exchange, 0);
    }

    /** The response phase: {@link Policy#onResponse} of every policy whose onRequest ran, the last one first. */
    void respond(Exchange exchange, ResponseHead head) {
        for (int i = Math.min(exchange.policiesEntered(), policies.size()) - 1; i >= 0; i--) {
            Policy policy = policies.get(i);
            try {
                policy.onResponse(exchange, head);
            } catch (RuntimeException e) {
                LOG.errorf(e, "request %s: policy '%s' failed in its response phase", exchange.requestId(), policy.name());
            }
        }
    }

    /** The completion: {@link Policy#onComplete} of every policy whose onRequest ran, the last one first. */
    void complete(Exchange exchange) {
        for (int i = Math.min(exchange.policiesEntered(), policies.size()) - 1; i >= 0; i--) {
            Policy policy = policies.get(i);
            try {
                policy.onComplete(exchange);
            } catch (RuntimeException e) {
                LOG.errorf(e, "request %s: policy '%s' failed on completion", exchange.requestId(), policy.name());
            }
        }
    }

    private Future<Outcome> runFrom(Exchange exchange, int start) {
        for (int i = start; i < policies.size(); i++) {
            Policy policy = policies.get(i);
            exchange.entered(i + 1);
            Future<Outcome> decision;
            try {
                decision = policy.onRequest(exchange);
            } catch (RuntimeException e) {
                return failed(exchange, policy, e);
            }
            if (decision == null) {
                return failed(exchange, policy, new IllegalStateException("policy returned no outcome"));
            }
            if (!decision.isComplete()) {
                int next = i + 1;
                return decision.transform(ar -> ar.succeeded()
                        ? afterDecision(exchange, policy, ar.result(), next)
                        : failed(exchange, policy, ar.cause()));
            }
            if (decision.failed()) {
                return failed(exchange, policy, decision.cause());
            }
            Outcome outcome = decision.result();
            // Synchronous decisions loop here instead of composing, so a long chain costs no stack.
            if (!(outcome instanceof Outcome.Continue)) {
                exchange.put(DECIDED_BY, policy.name());
                return outcome == null
                        ? failed(exchange, policy, new IllegalStateException("policy returned a null outcome"))
                        : decision;
            }
        }
        return Outcome.proceed();
    }

    private Future<Outcome> afterDecision(Exchange exchange, Policy policy, Outcome outcome, int next) {
        if (outcome == null) {
            return failed(exchange, policy, new IllegalStateException("policy returned a null outcome"));
        }
        if (outcome instanceof Outcome.Continue) {
            return runFrom(exchange, next);
        }
        exchange.put(DECIDED_BY, policy.name());
        return Future.succeededFuture(outcome);
    }

    private static Future<Outcome> failed(Exchange exchange, Policy policy, Throwable cause) {
        exchange.put(DECIDED_BY, policy.name());
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
