package io.gatehouse.gateway.usage;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the real Redis that a test can cut and restore, so Redis itself is never stopped or
 * reconfigured. Cut: the listening socket and every proxied connection are closed, so new connections are
 * refused. Restore: it listens again on the same port.
 */
final class CuttableTcpProxy implements AutoCloseable {

    private final Vertx vertx;
    private final String targetHost;
    private final int targetPort;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private int port;

    private CuttableTcpProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    static CuttableTcpProxy start(Vertx vertx, String targetHost, int targetPort) {
        CuttableTcpProxy proxy = new CuttableTcpProxy(vertx, targetHost, targetPort);
        proxy.listen(0);
        return proxy;
    }

    int port() {
        return port;
    }

    void cut() {
        server.close().toCompletionStage().toCompletableFuture().join();
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    void restore() {
        listen(port);
    }

    private void listen(int onPort) {
        server = vertx.createNetServer().connectHandler(client -> {
            client.pause();
            sockets.add(client);
            vertx.createNetClient().connect(targetPort, targetHost).onComplete(ar -> {
                if (ar.failed()) {
                    client.close();
                    return;
                }
                NetSocket upstream = ar.result();
                sockets.add(upstream);
                client.pipeTo(upstream);
                upstream.pipeTo(client);
                client.closeHandler(v -> upstream.close());
                upstream.closeHandler(v -> client.close());
                client.resume();
            });
        });
        server.listen(onPort, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        port = server.actualPort();
    }

    @Override
    public void close() {
        cut();
    }
}
