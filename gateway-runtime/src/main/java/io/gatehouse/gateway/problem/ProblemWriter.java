package io.gatehouse.gateway.problem;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Writes a {@link Problem} as an RFC 9457 {@code application/problem+json} response. */
public final class ProblemWriter {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private ProblemWriter() {
    }

    /** Renders the body; {@code instance} is the request path. */
    public static String body(Problem problem, String instance, String requestId) {
        JsonObject json = new JsonObject()
                .put("type", problem.error().type())
                .put("title", problem.error().title())
                .put("status", problem.status())
                .put("detail", problem.detail())
                .put("instance", instance);
        if (requestId != null) {
            json.put("requestId", requestId);
        }
        problem.extensions().forEach(json::put);
        return json.encode();
    }

    /** Ends {@code response} with the problem, unless the response has already started. */
    public static void write(HttpServerResponse response, Problem problem, String instance, String requestId) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(problem.status());
        response.headers()
                .set("Content-Type", CONTENT_TYPE)
                .set("Cache-Control", "no-store");
        if (requestId != null) {
            response.headers().set(REQUEST_ID_HEADER, requestId);
        }
        problem.headers().forEach(response.headers()::set);
        response.end(body(problem, instance, requestId));
    }
}
