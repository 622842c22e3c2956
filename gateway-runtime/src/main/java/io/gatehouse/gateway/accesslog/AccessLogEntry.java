package io.gatehouse.gateway.accesslog;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One line of the access log. Holds no credential: never the API key, its hash, nor any request header, and the
 * path without its query (a query can carry secrets such as {@code ?api_key=…} or signed-URL tokens).
 *
 * @param time          when the request arrived
 * @param requestId     the {@code X-Request-Id} (propagated or generated)
 * @param method        the HTTP method
 * @param path          the normalized request path, without query
 * @param api           the routed API id, or {@code null} if no route matched
 * @param route         the route id, or {@code null}
 * @param applicationId the application of the key, or {@code null} when not authenticated
 * @param status        the status the client received
 * @param outcome       {@code served}, {@code cached}, {@code denied:<policy>}, {@code answered:<policy>} or {@code error}
 * @param problem       the problem slug the gateway answered with, or {@code null}
 * @param upstreamMs    time to the upstream's response head (for a composition: to its last part), or {@code null}
 * @param totalMs       time from arrival to the end of the response
 * @param requestBytes  request bytes read
 * @param responseBytes response bytes written
 * @param clientIp      the client as resolved through trusted proxies
 * @param traceId       the OpenTelemetry trace id when tracing is on, else {@code null}
 */
public record AccessLogEntry(Instant time, String requestId, String method, String path, String api, String route,
                             String applicationId, int status, String outcome, String problem, Long upstreamMs,
                             long totalMs, long requestBytes, long responseBytes, String clientIp, String traceId) {

    /** The line as written: a JSON object, members in a fixed order, {@code null} members left out. */
    public String toJson() {
        JsonObject json = new JsonObject()
                .put("time", time.toString())
                .put("requestId", requestId)
                .put("method", method)
                .put("path", path);
        putIfSet(json, "api", api);
        putIfSet(json, "route", route);
        putIfSet(json, "applicationId", applicationId);
        json.put("status", status).put("outcome", outcome);
        putIfSet(json, "problem", problem);
        if (upstreamMs != null) {
            json.put("upstreamMs", upstreamMs);
        }
        json.put("totalMs", totalMs)
                .put("requestBytes", requestBytes)
                .put("responseBytes", responseBytes);
        putIfSet(json, "clientIp", clientIp);
        putIfSet(json, "traceId", traceId);
        return json.encode();
    }

    private static void putIfSet(JsonObject json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
