package io.gatehouse.billing.invoicing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * management-service's billing feed played by a small HTTP server in the test JVM. It serves
 * {@code GET /internal/v1/billing/plans} (the billing token only) on one port, and is steered on
 * another: {@code PUT /feed} sets the document, {@code POST /down} closes the feed's port (so
 * billing meets a refused connection), {@code POST /up} opens it again.
 */
public class ManagementDouble implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "test-billing-token-0123456789";

    private HttpServer control;
    private volatile HttpServer feed;
    private volatile int feedPort;
    private volatile String document = "{\"version\":1,\"generatedAt\":\"2026-01-01T00:00:00Z\",\"plans\":[],\"subscriptions\":[]}";

    @Override
    public Map<String, String> start() {
        try {
            control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            control.createContext("/feed", x -> {
                document = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                answer(x, 204, "");
            });
            control.createContext("/down", x -> {
                stopFeed();
                answer(x, 204, "");
            });
            control.createContext("/up", x -> {
                startFeed(feedPort);
                answer(x, 204, "");
            });
            control.start();
            startFeed(0);
            Path exports = Files.createTempDirectory("billing-exports");
            return Map.of(
                    "quarkus.rest-client.management.url", "http://127.0.0.1:" + feedPort,
                    "gatehouse.billing-token", TOKEN,
                    "gatehouse.billing.export-dir", exports.toString(),
                    "management-double.control", "http://127.0.0.1:" + control.getAddress().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void startFeed(int port) throws IOException {
        if (feed != null) {
            return;
        }
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        s.createContext("/internal/v1/billing/plans", x -> {
            if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                answer(x, 401, "{\"status\":401}");
                return;
            }
            x.getResponseHeaders().add("Content-Type", "application/json");
            answer(x, 200, document);
        });
        s.start();
        feed = s;
        feedPort = s.getAddress().getPort();
    }

    private synchronized void stopFeed() {
        if (feed != null) {
            feed.stop(0);
            feed = null;
        }
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            x.getResponseBody().write(bytes);
        }
        x.close();
    }

    @Override
    public void stop() {
        stopFeed();
        if (control != null) {
            control.stop(0);
        }
    }
}
