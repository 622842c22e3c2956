package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates the request by API key: hashes the presented key and looks the hash up in the
 * config's {@link KeyDirectory}. Missing, unknown, revoked or expired keys are denied with 401.
 */
public final class ApiKeyPolicy implements Policy {

    /** The authenticated key, set when this policy continues. */
    public static final Exchange.Key<ApiKey> API_KEY = new Exchange.Key<>("api-key");

    static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "ApiKey realm=\"gatehouse\"");

    private final ApiKeyHasher hasher;
    private final Clock clock;

    public ApiKeyPolicy(ApiKeyHasher hasher, Clock clock) {
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "api-key";
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        String presented = ApiKeyCredentials.extract(exchange.headers());
        if (presented == null) {
            return Outcome.respond(GatewayError.MISSING_CREDENTIALS,
                    "Send an API key in the X-Api-Key header or as 'Authorization: ApiKey <key>'", CHALLENGE);
        }
        String hash = hasher.hash(presented);
        return exchange.config().keys().findByHash(hash).map(found -> decide(exchange, found));
    }

    private Outcome decide(Exchange exchange, Optional<ApiKey> found) {
        if (found.isEmpty()) {
            return deny("The API key is unknown or has been revoked");
        }
        ApiKey key = found.get();
        if (key.isExpiredAt(clock.instant())) {
            return deny("The API key has expired");
        }
        exchange.put(API_KEY, key);
        return Outcome.CONTINUE;
    }

    private static Outcome deny(String detail) {
        return new Outcome.Respond(Problem.of(GatewayError.INVALID_CREDENTIALS, detail, CHALLENGE));
    }
}
