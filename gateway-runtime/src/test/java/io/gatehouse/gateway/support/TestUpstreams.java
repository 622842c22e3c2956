package io.gatehouse.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** In-process upstreams on port 0: one that echoes what it received, one that answers too late. */
public final class TestUpstreams {

    private TestUpstreams() {
    }

    /**
     * Answers 200 with JSON describing the request: method, uri, headers, and the body's length
     * and SHA-256 (so a large streamed body can be checked without echoing it).
     */
    public static HttpServer startEcho(Vertx vertx) {
        return startEcho(vertx, "echo");
    }

    /** An echo upstream that names itself {@code name} in the {@code upstream} member. */
    public static HttpServer startEcho(Vertx vertx, String name) {
        return listen(vertx.createHttpServer().requestHandler(request -> echo(request, name)));
    }

    /** Answers 200 with a response header of {@code headerBytes} bytes, beyond what a proxy should accept. */
    public static HttpServer startOversizedHeaders(Vertx vertx, int headerBytes) {
        String big = "x".repeat(headerBytes);
        return listen(vertx.createHttpServer().requestHandler(request ->
                request.response().putHeader("X-Huge", big).end("too much head")));
    }

    /**
     * An upstream whose answer the request's query decides, for cache tests: {@code cc} → Cache-Control,
     * {@code vary} → Vary, {@code expires} (seconds from now, may be negative) → Expires, {@code age} → Age,
     * {@code cookie} → Set-Cookie, {@code delay} → milliseconds before answering, {@code etag}/{@code lm} → ETag and
     * Last-Modified, {@code revalidate} → a matching conditional request gets 304, {@code failfrom}/{@code failwith}
     * → from the failfrom-th request of this URI on, answer that status with a short body, or ({@code close}) close
     * the connection without answering. The JSON body carries {@code n},
     * how many requests this URI (path and query) has had, so a test can tell a cached answer from a new one.
     */
    public static final class Programmable {
        private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.AtomicInteger> counts =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final HttpServer server;

        public Programmable(Vertx vertx) {
            server = listen(vertx.createHttpServer().requestHandler(request -> {
                int n = counts.computeIfAbsent(request.uri(), u -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
                var response = request.response().putHeader("Content-Type", "application/json");
                if (request.getParam("failfrom") != null && n >= Integer.parseInt(request.getParam("failfrom"))) {
                    if ("close".equals(request.getParam("failwith"))) {
                        request.connection().close();
                    } else {
                        response.setStatusCode(Integer.parseInt(request.getParam("failwith"))).end("upstream error");
                    }
                    return;
                }
                String cc = request.getParam("cc");
                if (cc != null) {
                    response.putHeader("Cache-Control", cc);
                }
                if (request.getParam("vary") != null) {
                    response.putHeader("Vary", request.getParam("vary"));
                }
                if (request.getParam("expires") != null) {
                    long at = System.currentTimeMillis() + Long.parseLong(request.getParam("expires")) * 1000;
                    response.putHeader("Expires", io.netty.handler.codec.DateFormatter.format(new java.util.Date(at)));
                }
                if (request.getParam("age") != null) {
                    response.putHeader("Age", request.getParam("age"));
                }
                if (request.getParam("cookie") != null) {
                    response.putHeader("Set-Cookie", "session=" + request.getParam("cookie"));
                }
                if (request.getParam("status") != null) {
                    response.setStatusCode(Integer.parseInt(request.getParam("status")));
                }
                if (request.getParam("etag") != null) {
                    response.putHeader("ETag", request.getParam("etag"));
                }
                if (request.getParam("lm") != null) {
                    response.putHeader("Last-Modified", request.getParam("lm"));
                }
                // Any other header, verbatim: h=Name:value (repeatable).
                for (String h : request.params().getAll("h")) {
                    int colon = h.indexOf(':');
                    response.headers().add(h.substring(0, colon), h.substring(colon + 1));
                }
                // Date is set again when the answer goes out (after any delay), so its age is what the client sees.
                response.putHeader("Date", io.netty.handler.codec.DateFormatter.format(new java.util.Date()));
                // revalidate=1: a conditional request whose validator matches gets 304 without a body (RFC 9110 §15.4.5).
                if (request.getParam("revalidate") != null
                        && ((request.getParam("etag") != null
                                && request.getParam("etag").equals(request.getHeader("If-None-Match")))
                        || (request.getParam("etag") == null && request.getParam("lm") != null
                                && request.getParam("lm").equals(request.getHeader("If-Modified-Since"))))) {
                    response.headers().remove("Content-Type");
                    response.putHeader("X-Revalidated", Integer.toString(n));
                    request.body().onComplete(ignored -> response.setStatusCode(304).end());
                    return;
                }
                String body = new JsonObject().put("n", n).put("method", request.method().name())
                        .put("accept", request.getHeader("Accept")).encode();
                long delay = request.getParam("delay") == null ? 0 : Long.parseLong(request.getParam("delay"));
                request.body().onComplete(ignored -> {
                    if (delay > 0) {
                        vertx.setTimer(delay, id -> response.putHeader("Date",
                                io.netty.handler.codec.DateFormatter.format(new java.util.Date())).end(body));
                    } else {
                        response.end(body);
                    }
                });
            }));
        }

        public String url() {
            return "http://127.0.0.1:" + server.actualPort();
        }

        /** Requests this exact upstream URI has had. */
        public int count(String uri) {
            var c = counts.get(uri);
            return c == null ? 0 : c.get();
        }
    }

    /**
     * An echo upstream on a fixed port that a test can take down ({@link #stop()}: its port refuses connections)
     * and bring back ({@link #start()}), to see a target die and recover.
     */
    public static final class Switchable {
        private final Vertx vertx;
        private final String name;
        private final int port;
        private volatile HttpServer server;

        public Switchable(Vertx vertx, String name) {
            this.vertx = vertx;
            this.name = name;
            this.port = refusedPort();
            start();
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public synchronized void start() {
            if (server == null) {
                server = vertx.createHttpServer().requestHandler(request -> echo(request, name))
                        .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
            }
        }

        public synchronized void stop() {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().join();
                server = null;
            }
        }
    }

    /**
     * An echo upstream that can be made to answer {@code 503} to everything ({@link #failWith(int)}), to stop answering
     * at all ({@link #hang()}), and made well again ({@link #recover()}), to see a target answering errors ejected and
     * coming back. Its answers may carry a fixed {@code Cache-Control}.
     */
    public static final class Flippable {
        private static final int HANG = -1;
        private final HttpServer server;
        private final java.util.concurrent.atomic.AtomicInteger failing = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        public Flippable(Vertx vertx, String name) {
            this(vertx, name, null);
        }

        public Flippable(Vertx vertx, String name, String cacheControl) {
            server = listen(vertx.createHttpServer().requestHandler(request -> {
                requests.incrementAndGet();
                int status = failing.get();
                if (status == HANG) {
                    return;
                }
                if (status != 0) {
                    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("upstream", name).put("status", status).encode());
                } else {
                    if (cacheControl != null) {
                        request.response().putHeader("Cache-Control", cacheControl);
                    }
                    echo(request, name);
                }
            }));
        }

        public String url() {
            return "http://127.0.0.1:" + server.actualPort();
        }

        public void failWith(int status) {
            failing.set(status);
        }

        /** Reads requests and never answers them. */
        public void hang() {
            failing.set(HANG);
        }

        public void recover() {
            failing.set(0);
        }

        /** Requests received so far. */
        public int requests() {
            return requests.get();
        }
    }

    /** Accepts requests and answers only after {@code delayMs}. */
    public static HttpServer startSlow(Vertx vertx, long delayMs) {
        return listen(vertx.createHttpServer().requestHandler(request ->
                vertx.setTimer(delayMs, id -> request.response().end("late"))));
    }

    /** A local port nothing listens on. */
    public static int refusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void echo(HttpServerRequest request, String name) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] length = {0};
        request.handler(chunk -> {
            sha.update(chunk.getBytes());
            length[0] += chunk.length();
        });
        request.endHandler(v -> {
            JsonObject headers = new JsonObject();
            for (Map.Entry<String, String> h : request.headers()) {
                String header = h.getKey().toLowerCase();
                String prior = headers.getString(header);
                headers.put(header, prior == null ? h.getValue() : prior + "," + h.getValue());
            }
            String body = new JsonObject()
                    .put("upstream", name)
                    .put("method", request.method().name())
                    .put("uri", request.uri())
                    .put("headers", headers)
                    .put("bodyLength", length[0])
                    .put("bodySha256", HexFormat.of().formatHex(sha.digest()))
                    .encode();
            // Answers like a server that names its software, when the request asks it to.
            String server = request.getHeader("X-Reply-Server");
            if (server != null) {
                request.response().putHeader("Server", server).putHeader("X-Powered-By", server);
            }
            request.response().putHeader("Content-Type", "application/json").end(body);
        });
    }

    private static HttpServer listen(HttpServer server) {
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }
}
