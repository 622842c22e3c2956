package io.gatehouse.management.cachepurge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivers a purge to every gateway through Redis (contract: {@code docs/cache-purge.md}). First it increments the
 * matching generation in {@code <ns>:cache:{<apiId>}:gen} (field {@code api}, {@code r:<routeId>} or
 * {@code u:<sha256(path?sorted query)>}), which makes the shared layer's entries invisible at once and for good; then
 * it publishes the purge on {@code <ns>:cache:purge}, which each gateway applies to its own cache. Both must succeed
 * within {@link #TIMEOUT}: otherwise the purge is reported as not delivered.
 */
@ApplicationScoped
public class PurgeChannel {

    private static final Logger LOG = Logger.getLogger(PurgeChannel.class);
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final String namespace;

    public PurgeChannel(ReactiveRedisDataSource redis, ObjectMapper json,
                        @ConfigProperty(name = "gatehouse.redis-namespace", defaultValue = "gatehouse") String namespace) {
        this.redis = redis;
        this.json = json;
        this.namespace = namespace;
    }

    /** The channel gateways listen on. */
    public String channel() {
        return namespace + ":cache:purge";
    }

    /** The hash of an API's purge generations. */
    public String generationsKey(Object apiId) {
        return namespace + ":cache:{" + apiId + "}:gen";
    }

    /** Increments the purge's generation, then announces it; throws {@code purge-unavailable} if Redis fails. */
    void deliver(PurgeView purge) {
        String field = switch (purge.scope()) {
            case "route" -> "r:" + purge.routeId();
            case "url" -> urlField(purge.url());
            default -> "api";
        };
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("purgeId", purge.purgeId().toString());
        message.put("apiId", purge.apiId().toString());
        if (purge.routeId() != null) {
            message.put("routeId", purge.routeId().toString());
        }
        if (purge.url() != null) {
            message.put("url", purge.url());
        }
        String payload;
        try {
            payload = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            // Outside the caller's transaction: the reactive client's callbacks run on event loops with the
            // propagated context, and a JTA transaction propagated there can end up dissociated from this thread
            // ("Enlisted connection used without active transaction" at commit, a 500 under load). Suspended, the
            // transaction is back on this thread, untouched, once Redis answered; a failure still rolls it back.
            QuarkusTransaction.suspendingExisting().run(() ->
                    redis.hash(String.class).hincrby(generationsKey(purge.apiId()), field, 1)
                            .chain(() -> redis.pubsub(String.class).publish(channel(), payload))
                            .await().atMost(TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warnf("purge %s could not be delivered through Redis: %s", purge.purgeId(), e.toString());
            throw new ApiProblem(ProblemType.PURGE_UNAVAILABLE,
                    "Redis, through which gateways learn of purges, did not take it; nothing was purged. Try again.");
        }
    }

    /** The generation field of a URL: {@code u:} + SHA-256 of the path and its query with parameters sorted. */
    static String urlField(String url) {
        return "u:" + sha256(pathQuery(url));
    }

    /** The path and the query with its non-empty parameters sorted, exactly as gateways key a URL. */
    static String pathQuery(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        String[] params = url.substring(q + 1).split("&");
        Arrays.sort(params);
        String query = String.join("&", Arrays.stream(params).filter(p -> !p.isEmpty()).toList());
        return query.isEmpty() ? url.substring(0, q) : url.substring(0, q) + "?" + query;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
