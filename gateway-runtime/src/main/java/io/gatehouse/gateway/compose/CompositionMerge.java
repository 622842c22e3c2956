package io.gatehouse.gateway.compose;

import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the parts of a composition into one answer. Pure: no I/O.
 *
 * <p>The body is always {@code {"parts": {name: json, …}, "errors": {name: {status, type, title, detail[, body]}, …}}};
 * a failed part is never a silent {@code null}: it is absent from {@code parts} and present in {@code errors}.
 * <ul>
 *   <li>200 {@code application/json} when every {@code required} part succeeded and at least one part did
 *       ({@code errors} names the optional parts that failed, and is {@code {}} when none did);</li>
 *   <li>otherwise {@code application/problem+json}: 504 {@code upstream-timeout} when every decisive failure was a
 *       timeout, else 502 {@code upstream-unavailable}, with {@code parts} and {@code errors} as extension members.</li>
 * </ul>
 */
public final class CompositionMerge {

    private CompositionMerge() {
    }

    /** The merged answer: either a 200 JSON body or a problem. */
    public sealed interface Answer {
    }

    public record Merged(JsonObject body, int failedParts) implements Answer {
    }

    public record Failed(Problem problem) implements Answer {
    }

    public static Answer merge(Composition composition, List<PartResult> results) {
        JsonObject parts = new JsonObject();
        JsonObject errors = new JsonObject();
        Map<String, Composition.Part> declared = new LinkedHashMap<>();
        composition.parts().forEach(p -> declared.put(p.name(), p));
        List<PartResult.Failed> failedRequired = new ArrayList<>();
        List<PartResult.Failed> failed = new ArrayList<>();
        for (PartResult result : results) {
            if (result instanceof PartResult.Ok ok) {
                parts.put(ok.name(), ok.json());
            } else if (result instanceof PartResult.Failed f) {
                errors.put(f.name(), error(f));
                failed.add(f);
                Composition.Part part = declared.get(f.name());
                if (part != null && part.required()) {
                    failedRequired.add(f);
                }
            }
        }
        if (!parts.isEmpty() && failedRequired.isEmpty()) {
            return new Merged(new JsonObject().put("parts", parts).put("errors", errors), failed.size());
        }
        // What decided the failure sets the status: the required parts that failed, else all of them.
        List<PartResult.Failed> decisive = failedRequired.isEmpty() ? failed : failedRequired;
        boolean timeouts = !decisive.isEmpty() && decisive.stream().allMatch(PartResult.Failed::timedOut);
        GatewayError error = timeouts ? GatewayError.UPSTREAM_TIMEOUT : GatewayError.UPSTREAM_UNAVAILABLE;
        String detail = failedRequired.isEmpty()
                ? "Every part of this composition failed; see errors"
                : "The required part '" + failedRequired.get(0).name() + "' of this composition failed; see errors";
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("parts", parts);
        extensions.put("errors", errors);
        return new Failed(new Problem(error, detail, Map.of(), extensions));
    }

    static JsonObject error(PartResult.Failed failed) {
        JsonObject json = new JsonObject()
                .put("status", failed.status())
                .put("type", failed.error().type())
                .put("title", failed.error().title())
                .put("detail", failed.detail());
        if (failed.body() != null) {
            json.put("body", failed.body());
        }
        return json;
    }
}
