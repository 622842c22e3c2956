package io.gatehouse.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * billing-metering's read API played by a small HTTP server in the test JVM, for services that read billing
 * (management; the portal through a real management process). It answers the documented JSON shapes of
 * billing-metering's README: by default empty ones (a time series without points, zero totals, no top
 * applications, no invoices, reports with only a header), or what a test sets with {@link #answer}. It checks the
 * billing service token like billing does (401 problem otherwise), records every request, and can be taken away:
 * {@link #down()} closes its port (callers meet a refused connection), {@link #up()} opens the same port again.
 *
 * <p>This is a stand-in, not billing: the e2e module runs the real billing-metering.
 */
public class BillingStandIn implements QuarkusTestResourceLifecycleManager {

    /** The billing service token the stand-in accepts (management's {@code %test} value). */
    public static final String TOKEN = "test-billing-token-0123456789";

    /** One request billing received. */
    public record Request(String path, Map<String, String> query, String authorization) {
    }

    /** An answer: status, content type and body. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(String body) {
            return new Answer(200, "application/json", body);
        }
    }

    private static volatile BillingStandIn current;

    private final Map<String, Function<Request, Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;
    private volatile int port;

    /** Starts a stand-in outside Quarkus' resource lifecycle (e.g. from another resource); {@link #stop()} ends it. */
    public static BillingStandIn startNew() {
        BillingStandIn s = new BillingStandIn();
        s.start();
        return s;
    }

    @Override
    public Map<String, String> start() {
        try {
            open(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        current = this;
        return Map.of("gatehouse.billing-url", url(), "gatehouse.billing-token", TOKEN);
    }

    /** The stand-in started last in this JVM. */
    public static BillingStandIn current() {
        if (current == null) {
            throw new IllegalStateException("no BillingStandIn is running");
        }
        return current;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers {@code path} (exact, without query) with what {@code answer} makes of each request, until {@link #reset()}. */
    public void answer(String path, Function<Request, Answer> answer) {
        answers.put(path, answer);
    }

    /** Forgets the answers set and the requests recorded. */
    public void reset() {
        answers.clear();
        requests.clear();
    }

    /** Every request received since the last {@link #reset()}, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests to {@code path}. */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Closes the port: callers now meet a refused connection. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Opens the same port again. */
    public synchronized void up() {
        if (server == null) {
            try {
                open(port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void stop() {
        down();
        if (current == this) {
            current = null;
        }
    }

    private synchronized void open(int wanted) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", wanted), 0);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        port = s.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            Request r = new Request(path, query(x.getRequestURI().getRawQuery()),
                    x.getRequestHeaders().getFirst("Authorization"));
            requests.add(r);
            Answer a;
            if (!("Bearer " + TOKEN).equals(r.authorization())) {
                a = new Answer(401, "application/problem+json",
                        "{\"type\":\"urn:gatehouse:problem:unauthenticated\",\"title\":\"Authentication is required\",\"status\":401}");
            } else if (!"GET".equals(x.getRequestMethod())) {
                a = new Answer(403, "application/problem+json",
                        "{\"type\":\"urn:gatehouse:problem:forbidden\",\"title\":\"You may not do this\",\"status\":403}");
            } else {
                Function<Request, Answer> set = answers.get(path);
                a = set != null ? set.apply(r) : byDefault(r);
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", a.contentType());
            x.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                x.getResponseBody().write(body);
            }
        }
    }

    /** billing's documented answers when nothing was set: empty, but well formed. */
    private static Answer byDefault(Request r) {
        Map<String, String> q = r.query();
        String from = q.getOrDefault("from", "2026-11-24T00:00:00Z");
        String to = q.getOrDefault("to", "2026-11-25T00:00:00Z");
        return switch (r.path()) {
            case "/billing/v1/usage/timeseries" -> Answer.json("{\"granularity\":\"" + q.getOrDefault("granularity", "hour")
                    + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"points\":[]}");
            case "/billing/v1/usage/totals" -> Answer.json("{\"applicationId\":\"" + q.get("applicationId") + "\",\"planId\":"
                    + (q.containsKey("planId") ? "\"" + q.get("planId") + "\"" : "null") + ",\"from\":\"" + from
                    + "\",\"to\":\"" + to + "\",\"requests\":0,\"admitted\":0,\"billableRequests\":0}");
            case "/billing/v1/usage/top-applications" -> Answer.json("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"items\":[]}");
            case "/billing/v1/invoices" -> Answer.json("{\"items\":[]}");
            case "/billing/v1/estimates" -> {
                java.time.YearMonth month = q.containsKey("period") ? java.time.YearMonth.parse(q.get("period"))
                        : java.time.YearMonth.now(java.time.ZoneOffset.UTC);
                yield Answer.json("{\"organizationId\":\"" + q.get("organization") + "\",\"period\":\"" + month
                        + "\",\"estimate\":true,\"periodStart\":\"" + month.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                        + "\",\"periodEnd\":\"" + month.plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                        + "\",\"asOf\":\"" + java.time.Instant.now() + "\",\"pricesAsOf\":\"" + java.time.Instant.now()
                        + "\",\"ledgerPosition\":0,\"currencies\":[]}");
            }
            case "/billing/v1/reports/usage" -> new Answer(200, "text/csv",
                    "organization_id,application_id,api_id,plan_id,requests,billable_requests,requests_2xx,requests_3xx,"
                            + "requests_4xx,requests_5xx,request_bytes,response_bytes\r\n#totals,,,,0,0,0,0,0,0,0,0\r\n");
            case "/billing/v1/reports/invoices" -> new Answer(200, "text/csv",
                    "invoice_id,organization_id,period,currency,line_no,kind,subscription_id,plan_id,api_id,tier_index,"
                            + "adjustment_for_period,description,quantity,unit_price,per_units,amount,invoice_checksum\r\n");
            default -> new Answer(404, "application/problem+json",
                    "{\"type\":\"urn:gatehouse:problem:not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"nothing at "
                            + r.path() + "\"}");
        };
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new ConcurrentHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }
}
