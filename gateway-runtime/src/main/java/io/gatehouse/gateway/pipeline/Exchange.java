package io.gatehouse.gateway.pipeline;

import io.vertx.core.MultiMap;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request as the policies see it: the parts of the HTTP request they may inspect, the
 * compiled config captured when the request arrived (so a config swap never changes a request
 * in flight), and typed attributes that policies set for later ones (the route, the key, …).
 *
 * <p>An exchange belongs to one request and is used from that request's event loop only; it is
 * not thread-safe.
 */
public final class Exchange {

    /**
     * A typed attribute key. Each feature declares its own keys as constants, so the pipeline
     * needs to know nothing about routes, keys or plans.
     *
     * <p>Each key takes the next slot of every exchange's attribute array when it is created, so a key must be a
     * constant (a {@code static final} field), never made per request: reading an attribute is an array load, not a
     * hash lookup (the map this replaced was 2.9 % of the gateway's samples in bench/README's flame graphs).
     *
     * @param <T> the type of the value stored under this key
     */
    public static final class Key<T> {
        private static final AtomicInteger SLOTS = new AtomicInteger();

        private final String name;
        private final int slot;

        public Key(String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.slot = SLOTS.getAndIncrement();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The client's address as the gateway sees it (the TCP peer), set by the ingress for every request. */
    public static final Key<String> CLIENT_IP = new Key<>("client-ip");

    /** The raw query string (without {@code ?}), set by the ingress when the request has one. */
    public static final Key<String> QUERY = new Key<>("query");

    /** The request's scheme, set by the ingress only when it is not {@code http} (absent: {@code http}). */
    public static final Key<String> SCHEME = new Key<>("scheme");

    private final String requestId;
    private final String method;
    private final String host;
    private final String path;
    private final MultiMap headers;
    private final ExchangeConfig config;
    /** Attribute values by {@link Key#slot}; grown when a key was created after this exchange. */
    private Object[] attributes = new Object[Key.SLOTS.get()];
    private MultiMap upstreamHeaders;
    private PolicyChain chain;
    private int policiesEntered;
    private boolean responded;
    private boolean completed;

    /**
     * @param requestId the request id (propagated or generated)
     * @param method    the upper-case HTTP method
     * @param host      the requested host, lower case and without port; may be {@code null}
     * @param path      the normalized request path, without query
     * @param headers   the request headers (read-only by convention)
     * @param config    the config captured when the request arrived
     */
    public Exchange(String requestId, String method, String host, String path, MultiMap headers,
                    ExchangeConfig config) {
        this.requestId = requestId;
        this.method = method;
        this.host = host;
        this.path = path;
        this.headers = headers;
        this.config = config;
    }

    public String requestId() {
        return requestId;
    }

    public String method() {
        return method;
    }

    /** The requested host in lower case without port, or {@code null} if the request named none. */
    public String host() {
        return host;
    }

    public String path() {
        return path;
    }

    public MultiMap headers() {
        return headers;
    }

    /** The config captured when the request arrived. */
    public ExchangeConfig config() {
        return config;
    }

    /**
     * Headers policies set on the request sent upstream (replacing the client's of the same name), after the route's
     * own edits; e.g. the cache's validators when it revalidates a stale answer.
     */
    public MultiMap upstreamHeaders() {
        if (upstreamHeaders == null) {
            upstreamHeaders = MultiMap.caseInsensitiveMultiMap();
        }
        return upstreamHeaders;
    }

    /** The headers of {@link #upstreamHeaders()}, or {@code null} when no policy set any (no map is made then). */
    public MultiMap upstreamHeadersIfAny() {
        return upstreamHeaders;
    }

    /**
     * Runs the response phase ({@link Policy#onResponse}) for {@code head}, once: whoever writes the answer calls it
     * just before the head goes out (the proxy with the upstream's answer and body, the ingress for every other
     * answer); later calls do nothing. Before the chain ran, there is nothing to run.
     */
    public void respond(ResponseHead head) {
        if (responded) {
            return;
        }
        responded = true;
        if (chain != null) {
            chain.respond(this, head);
        }
    }

    /** True once the response phase ran. */
    public boolean responded() {
        return responded;
    }

    /** Runs the completion ({@link Policy#onComplete}), once: when the answer was written or the client went away. */
    public void complete() {
        if (completed) {
            return;
        }
        completed = true;
        if (chain != null) {
            chain.complete(this);
        }
    }

    void bind(PolicyChain chain) {
        this.chain = chain;
    }

    void entered(int count) {
        policiesEntered = count;
    }

    int policiesEntered() {
        return policiesEntered;
    }

    /** The value stored under {@code key}, or {@code null}. */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        Object[] values = attributes;
        return key.slot < values.length ? (T) values[key.slot] : null;
    }

    public <T> void put(Key<T> key, T value) {
        if (key.slot >= attributes.length) {
            attributes = Arrays.copyOf(attributes, Math.max(key.slot + 1, Key.SLOTS.get()));
        }
        attributes[key.slot] = value;
    }
}
