package io.gatehouse.gateway.proxy;

import io.gatehouse.upstreams.UpstreamAddressRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.impl.ConnectionBase;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every upstream-facing HTTP client of the gateway off addresses {@link UpstreamAddressRule} forbids. It checks
 * the address a new connection actually reached — after DNS resolution, so a name that resolves (or is rebound) to
 * {@code 169.254.169.254} or to loopback is caught — and poisons a refused connection: every write on it fails with
 * {@link Refused} and closes it, so the request that leased it fails with that cause and nothing is sent.
 * Refusals count as {@code gatehouse_upstream_forbidden_total{client}}.
 */
public final class UpstreamAddressGuard {

    private static final Logger LOG = Logger.getLogger(UpstreamAddressGuard.class);
    static final String NAME = "gatehouse-upstream-refused";

    private final boolean allowPrivate;
    private final MeterRegistry registry;
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    /**
     * @param allowPrivate whether loopback and private ranges may be reached ({@code gatehouse.upstreams.allow-private})
     */
    public UpstreamAddressGuard(boolean allowPrivate, MeterRegistry registry) {
        this.allowPrivate = allowPrivate;
        this.registry = registry;
    }

    /** The failure of a request whose connection was refused. */
    public static final class Refused extends VertxException {
        public Refused(String message) {
            super(message, true);
        }
    }

    /** Whether {@code cause} (or a cause of it) is a refusal by this guard. */
    public static boolean refused(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Refused) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client whose connections are checked; {@code client} names it in the metric (proxy, compose, health, jwks);
     * {@code next} (may be {@code null}) runs on connections that pass.
     */
    public HttpClient client(Vertx vertx, String client, HttpClientOptions options, PoolOptions pool,
                             Handler<HttpConnection> next) {
        return vertx.httpClientBuilder().with(options).with(pool)
                .withConnectHandler(connection -> {
                    if (admit(connection, client) && next != null) {
                        next.handle(connection);
                    }
                })
                .build();
    }

    /** Checks a new connection; poisons and closes it and answers {@code false} when its peer is not allowed. */
    boolean admit(HttpConnection connection, String client) {
        if (!(connection instanceof ConnectionBase base)) {
            // Every Vert.x 4.5 client connection is one; anything else cannot be checked, so it is not used.
            LOG.warnf("closed an upstream connection (%s) whose address cannot be checked: %s", client,
                    connection.getClass().getName());
            connection.close();
            return false;
        }
        Channel channel = base.channel();
        InetAddress peer = channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (peer != null && UpstreamAddressRule.permits(peer, allowPrivate)) {
            return true;
        }
        String shown = peer == null ? String.valueOf(channel.remoteAddress()) : peer.getHostAddress();
        UpstreamAddressRule.Verdict verdict = peer == null ? UpstreamAddressRule.Verdict.FORBIDDEN
                : UpstreamAddressRule.classify(peer);
        LOG.warnf("refused an upstream connection (%s) to %s: %s", client, shown,
                verdict == UpstreamAddressRule.Verdict.PRIVATE
                        ? "a private address, and gatehouse.upstreams.allow-private is false"
                        : "a link-local, metadata or reserved address, never allowed");
        refusals.computeIfAbsent(client, c -> Counter.builder("gatehouse.upstream.forbidden")
                .description("Upstream connections refused because their address is forbidden or private")
                .tag("client", c).register(registry)).increment();
        Refused refused = new Refused("the upstream address " + shown + " is not one the gateway may connect to");
        // Logged above, once; the connection's own handler would log it again as an error.
        connection.exceptionHandler(e -> { });
        channel.pipeline().addFirst(NAME, new Poison(refused));
        return false;
    }

    /** Fails every write with the refusal and closes the connection. */
    private static final class Poison extends ChannelOutboundHandlerAdapter {
        private final Refused refused;

        Poison(Refused refused) {
            this.refused = refused;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(refused);
            // Vert.x hands the connection's exception to the request that leased it, so that request fails with the
            // refusal itself rather than with the "connection was closed" that follows.
            ctx.fireExceptionCaught(refused);
            ctx.close();
        }
    }
}
