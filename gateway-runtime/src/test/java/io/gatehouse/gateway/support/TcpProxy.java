package io.gatehouse.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy a test controls, put between the gateway and a real store (Redis), so a test can take
 * the store away without touching the machine's shared server: {@link #cut()} drops every
 * connection and refuses new ones, {@link #stall()} accepts connections but forwards nothing
 * (a store that hangs), {@link #restore()} forwards again.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, REFUSE, STALL }

    private final Vertx vertx;
    private final NetServer server;
    private final NetClient client;
    private final String targetHost;
    private final int targetPort;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;

    public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.client = vertx.createNetClient();
        this.server = vertx.createNetServer().connectHandler(this::accept);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the TCP proxy", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** Drops every open connection and closes new ones at once: the store is gone. */
    public void cut() {
        mode = Mode.REFUSE;
        closeAll();
    }

    /** Keeps every connection open but relays nothing either way, old or new: the store hangs. */
    public void stall() {
        mode = Mode.STALL;
    }

    /** Forwards new connections again. */
    public void restore() {
        mode = Mode.FORWARD;
    }

    private void accept(NetSocket downstream) {
        switch (mode) {
            case REFUSE -> downstream.close();
            case STALL -> {
                open.add(downstream);
                downstream.handler(buffer -> { });
            }
            case FORWARD -> {
                downstream.pause();
                open.add(downstream);
                client.connect(targetPort, targetHost).onComplete(ar -> {
                    if (ar.failed()) {
                        downstream.close();
                        return;
                    }
                    NetSocket upstream = ar.result();
                    open.add(upstream);
                    // Relayed by hand (not piped) so that stall() can swallow bytes on open connections.
                    upstream.handler(b -> {
                        if (mode == Mode.FORWARD) {
                            downstream.write(b);
                        }
                    });
                    downstream.handler(b -> {
                        if (mode == Mode.FORWARD) {
                            upstream.write(b);
                        }
                    });
                    upstream.closeHandler(v -> downstream.close());
                    downstream.closeHandler(v -> upstream.close());
                    downstream.resume();
                });
            }
        }
    }

    private void closeAll() {
        for (NetSocket s : open) {
            s.close();
        }
        open.clear();
    }

    @Override
    public void close() {
        closeAll();
        server.close();
        client.close();
    }
}
