import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.Set;

/**
 * The floor of the gateway's stack, for bench/run.py: a reverse proxy on bare Vert.x (the same vertx-core and Netty
 * jars as the gateway, run from its quarkus-app/lib), with no Quarkus, no router, no policy, no metrics, no log. It
 * does what the bench's nginx proxy block does and nothing more: forward method, path and headers (hop-by-hop ones
 * dropped) over a keep-alive pool of 64 per upstream, {@code /slow/…} to the slow upstream without that prefix and
 * everything else to the fast one, stream the body both ways, and answer 502 if the upstream fails. What the
 * gateway costs above this figure is Gatehouse's own; what this costs above nginx is the JVM and Vert.x/Netty's.
 *
 * <p>Not product code: it is launched as a single source file ({@code java -cp '<gateway>/quarkus-app/lib/main/*' BareProxy.java
 * port fast-port slow-port}, upstreams on 127.0.0.1).
 */
public final class BareProxy {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        HttpClient fast = pool(vertx, Integer.parseInt(args[1]));
        HttpClient slow = pool(vertx, Integer.parseInt(args[2]));
        vertx.createHttpServer().requestHandler(in -> {
            if (in.path().startsWith("/slow/")) {
                forward(slow, in, in.uri().substring("/slow".length()));
            } else {
                forward(fast, in, in.uri());
            }
        }).listen(port)
                .onSuccess(s -> System.out.println("bare Vert.x proxy on " + s.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private static HttpClient pool(Vertx vertx, int upstreamPort) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1")
                .setDefaultPort(upstreamPort), new PoolOptions().setHttp1MaxSize(64));
    }

    private static void forward(HttpClient client, HttpServerRequest in, String uri) {
        in.pause();
        RequestOptions o = new RequestOptions().setMethod(in.method()).setURI(uri);
        client.request(o).compose(out -> {
            copy(in.headers(), out.headers());
            return out.send(in);
        }).onComplete(ar -> {
            if (ar.failed()) {
                if (!in.response().headWritten()) {
                    in.response().setStatusCode(502).end();
                }
                return;
            }
            var res = ar.result();
            in.response().setStatusCode(res.statusCode());
            copy(res.headers(), in.response().headers());
            String length = res.getHeader("content-length");
            if (length != null) {
                in.response().putHeader("content-length", length);
            } else {
                in.response().setChunked(true);
            }
            res.pipeTo(in.response());
        });
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                to.add(name, value);
            }
        });
    }
}
