package io.gatehouse.management.console.options;

import io.gatehouse.management.apis.ApiRequests;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.apis.GatewayOptions;
import io.gatehouse.management.problem.Problem;
import org.jboss.resteasy.reactive.RestForm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway option forms of an API's page, field by field, both ways: the stored options as
 * form values, and the posted fields as the admin API's request records. Each option group
 * (health check, breaker, CORS, IP lists, token auth, unsafe headers; body limit, header edits, retries, cache, required
 * scopes) has its
 * fields here and its fragment in {@code templates/console/gateway/}; a new option is one
 * {@code @RestForm} field, one line in {@code read}, one in {@code show} and one line in its fragment.
 */
public final class GatewayOptionForms {

    private GatewayOptionForms() {
    }

    /**
     * The API options form ({@code PUT /admin/v1/apis/{id}/options}). It replaces every API option,
     * so every field of {@link GatewayOptions.ApiOptions} must have its group here.
     */
    public static class ApiOptionsForm {
        @RestForm("healthCheck.enabled")
        public String healthCheckEnabled;
        @RestForm("healthCheck.path")
        public String healthCheckPath;
        @RestForm("healthCheck.intervalMs")
        public String healthCheckIntervalMs;
        @RestForm("healthCheck.timeoutMs")
        public String healthCheckTimeoutMs;
        @RestForm("healthCheck.healthyThreshold")
        public String healthCheckHealthyThreshold;
        @RestForm("healthCheck.unhealthyThreshold")
        public String healthCheckUnhealthyThreshold;
        @RestForm("circuitBreaker.failureThreshold")
        public String breakerFailureThreshold;
        @RestForm("circuitBreaker.openMs")
        public String breakerOpenMs;
        @RestForm("circuitBreaker.failureStatuses")
        public String breakerFailureStatuses;
        @RestForm("cors.allowedOrigins")
        public String corsAllowedOrigins;
        @RestForm("cors.allowedMethods")
        public String corsAllowedMethods;
        @RestForm("cors.allowedHeaders")
        public String corsAllowedHeaders;
        @RestForm("cors.exposedHeaders")
        public String corsExposedHeaders;
        @RestForm("cors.allowCredentials")
        public String corsAllowCredentials;
        @RestForm("cors.maxAgeSeconds")
        public String corsMaxAgeSeconds;
        @RestForm("ipAccess.allow")
        public String ipAllow;
        @RestForm("ipAccess.deny")
        public String ipDeny;
        @RestForm("auth.apiKeys")
        public String authApiKeys;
        @RestForm("auth.jwt.issuer")
        public String jwtIssuer;
        @RestForm("auth.jwt.jwksUrl")
        public String jwtJwksUrl;
        @RestForm("auth.jwt.audiences")
        public String jwtAudiences;
        @RestForm("auth.jwt.applicationClaim")
        public String jwtApplicationClaim;
        @RestForm("auth.jwt.clockSkewSeconds")
        public String jwtClockSkewSeconds;
        @RestForm("forwardUnsafeHeaders")
        public String forwardUnsafeHeaders;

        /**
         * The options this form posts. The access log and the scrubbed response headers, which only the admin API
         * sets, are kept from {@code stored}, so saving the form never clears them.
         */
        public GatewayOptions.ApiOptions read(OptionFields f, GatewayOptions.ApiOptions stored) {
            boolean healthOn = f.flag("healthCheck.enabled", healthCheckEnabled) != null;
            GatewayOptions.HealthCheck health = new GatewayOptions.HealthCheck(
                    f.text("healthCheck.path", healthCheckPath),
                    f.integer("healthCheck.intervalMs", healthCheckIntervalMs),
                    f.integer("healthCheck.timeoutMs", healthCheckTimeoutMs),
                    f.integer("healthCheck.healthyThreshold", healthCheckHealthyThreshold),
                    f.integer("healthCheck.unhealthyThreshold", healthCheckUnhealthyThreshold));
            List<Integer> failureStatuses = f.statuses("circuitBreaker.failureStatuses", breakerFailureStatuses);
            GatewayOptions.CircuitBreaker breaker = new GatewayOptions.CircuitBreaker(
                    f.integer("circuitBreaker.failureThreshold", breakerFailureThreshold),
                    f.integer("circuitBreaker.openMs", breakerOpenMs), failureStatuses);
            GatewayOptions.Cors cors = new GatewayOptions.Cors(
                    f.lines("cors.allowedOrigins", corsAllowedOrigins),
                    f.list("cors.allowedMethods", corsAllowedMethods),
                    f.list("cors.allowedHeaders", corsAllowedHeaders),
                    f.list("cors.exposedHeaders", corsExposedHeaders),
                    f.flag("cors.allowCredentials", corsAllowCredentials),
                    f.integer("cors.maxAgeSeconds", corsMaxAgeSeconds));
            GatewayOptions.IpAccess ip = new GatewayOptions.IpAccess(
                    f.lines("ipAccess.allow", ipAllow), f.lines("ipAccess.deny", ipDeny));
            if (!healthOn && !health.equals(new GatewayOptions.HealthCheck(null, null, null, null, null))) {
                // Settings typed under an unticked box would be dropped without a word.
                f.errors().add(new Problem.FieldError("healthCheck.enabled",
                        "tick this to use the health check settings below, or clear them"));
            }
            boolean corsOn = cors.allowedOrigins() != null || cors.allowedMethods() != null
                    || cors.allowedHeaders() != null || cors.exposedHeaders() != null
                    || cors.allowCredentials() != null || cors.maxAgeSeconds() != null;
            if (corsOn && cors.allowedOrigins() == null) {
                // The API would say "must not be null"; a person needs to know what to do.
                f.errors().add(new Problem.FieldError("cors.allowedOrigins",
                        "name at least one origin, or clear the other CORS fields to turn CORS off"));
            }
            return new GatewayOptions.ApiOptions(
                    healthOn ? health : null,
                    breaker.failureThreshold() == null && breaker.openMs() == null && failureStatuses == null ? null : breaker,
                    corsOn ? cors : null,
                    ip.allow() == null && ip.deny() == null ? null : ip,
                    auth(f),
                    f.flag("forwardUnsafeHeaders", forwardUnsafeHeaders),
                    stored == null ? null : stored.accessLog(),
                    stored == null ? null : stored.scrubHeaders());
        }

        /**
         * Token authentication: API keys ticked (the default) and a blank JWT group is no {@code auth} at all; a JWT
         * group with some fields filled needs its issuer, JWKS URL and an audience, said at the empty field.
         */
        private GatewayOptions.Auth auth(OptionFields f) {
            Boolean apiKeys = f.flag("auth.apiKeys", authApiKeys) != null ? null : Boolean.FALSE;
            GatewayOptions.Jwt jwt = new GatewayOptions.Jwt(
                    f.text("auth.jwt.issuer", jwtIssuer),
                    f.text("auth.jwt.jwksUrl", jwtJwksUrl),
                    f.lines("auth.jwt.audiences", jwtAudiences),
                    f.text("auth.jwt.applicationClaim", jwtApplicationClaim),
                    f.integer("auth.jwt.clockSkewSeconds", jwtClockSkewSeconds));
            boolean jwtOn = !jwt.equals(new GatewayOptions.Jwt(null, null, null, null, null))
                    || f.errors().stream().anyMatch(e -> e.field().startsWith("auth.jwt."));
            if (jwtOn) {
                // Bean Validation would say "must not be blank"; a person needs to know what to do.
                if (jwt.issuer() == null) {
                    f.errors().add(new Problem.FieldError("auth.jwt.issuer",
                            "name the issuer (the exact iss of its tokens), or clear the JWT fields to accept no tokens"));
                }
                if (jwt.jwksUrl() == null) {
                    f.errors().add(new Problem.FieldError("auth.jwt.jwksUrl",
                            "give the issuer's JWKS URL, or clear the JWT fields to accept no tokens"));
                }
                if (jwt.audiences() == null) {
                    f.errors().add(new Problem.FieldError("auth.jwt.audiences",
                            "name at least one audience, or clear the JWT fields to accept no tokens"));
                }
            }
            return apiKeys == null && !jwtOn ? null : new GatewayOptions.Auth(apiKeys, jwtOn ? jwt : null);
        }
    }

    /** The stored API options as form values; empty fields mean the gateway's default. */
    public static Map<String, String> show(GatewayOptions.ApiOptions o) {
        Map<String, String> v = OptionsForm.newValues();
        v.put("auth.apiKeys", o == null || o.auth() == null || !Boolean.FALSE.equals(o.auth().apiKeys()) ? "true" : "");
        if (o == null) {
            return v;
        }
        if (o.healthCheck() != null) {
            GatewayOptions.HealthCheck h = o.healthCheck();
            v.put("healthCheck.enabled", "true");
            put(v, "healthCheck.path", h.path());
            put(v, "healthCheck.intervalMs", h.intervalMs());
            put(v, "healthCheck.timeoutMs", h.timeoutMs());
            put(v, "healthCheck.healthyThreshold", h.healthyThreshold());
            put(v, "healthCheck.unhealthyThreshold", h.unhealthyThreshold());
        }
        if (o.circuitBreaker() != null) {
            put(v, "circuitBreaker.failureThreshold", o.circuitBreaker().failureThreshold());
            put(v, "circuitBreaker.openMs", o.circuitBreaker().openMs());
            put(v, "circuitBreaker.failureStatuses", statuses(o.circuitBreaker().failureStatuses()));
        }
        if (o.cors() != null) {
            GatewayOptions.Cors c = o.cors();
            put(v, "cors.allowedOrigins", lines(c.allowedOrigins()));
            put(v, "cors.allowedMethods", commas(c.allowedMethods()));
            put(v, "cors.allowedHeaders", commas(c.allowedHeaders()));
            put(v, "cors.exposedHeaders", commas(c.exposedHeaders()));
            put(v, "cors.allowCredentials", Boolean.TRUE.equals(c.allowCredentials()) ? "true" : null);
            put(v, "cors.maxAgeSeconds", c.maxAgeSeconds());
        }
        if (o.ipAccess() != null) {
            put(v, "ipAccess.allow", lines(o.ipAccess().allow()));
            put(v, "ipAccess.deny", lines(o.ipAccess().deny()));
        }
        put(v, "forwardUnsafeHeaders", Boolean.TRUE.equals(o.forwardUnsafeHeaders()) ? "true" : null);
        if (o.auth() != null && o.auth().jwt() != null) {
            GatewayOptions.Jwt j = o.auth().jwt();
            put(v, "auth.jwt.issuer", j.issuer());
            put(v, "auth.jwt.jwksUrl", j.jwksUrl());
            put(v, "auth.jwt.audiences", lines(j.audiences()));
            put(v, "auth.jwt.applicationClaim", j.applicationClaim());
            put(v, "auth.jwt.clockSkewSeconds", j.clockSkewSeconds());
        }
        return v;
    }

    /**
     * A route's options form ({@code PUT /admin/v1/apis/{id}/routes/{routeId}/options}). It replaces
     * every route option, so every field of {@link GatewayOptions.RouteOptions} must have its group here.
     */
    public static class RouteOptionsForm {
        @RestForm
        public String maxRequestBodyBytes;
        @RestForm
        public String maxRetries;
        @RestForm("requestHeaders.set")
        public String requestSet;
        @RestForm("requestHeaders.add")
        public String requestAdd;
        @RestForm("requestHeaders.remove")
        public String requestRemove;
        @RestForm("responseHeaders.set")
        public String responseSet;
        @RestForm("responseHeaders.add")
        public String responseAdd;
        @RestForm("responseHeaders.remove")
        public String responseRemove;
        @RestForm("cache.enabled")
        public String cacheEnabled;
        @RestForm("cache.ttlSeconds")
        public String cacheTtlSeconds;
        @RestForm("cache.perConsumer")
        public String cachePerConsumer;
        @RestForm("cache.shared")
        public String cacheShared;
        @RestForm("cache.maxEntryBytes")
        public String cacheMaxEntryBytes;
        @RestForm
        public String requiredScopes;

        /**
         * The options this form posts. The composition and the cache's {@code storeSetCookie}, which the form does
         * not edit, are kept from {@code stored}, so saving the form never clears what only the admin API sets.
         */
        public GatewayOptions.RouteOptions read(OptionFields f, GatewayOptions.RouteOptions stored) {
            Long bodyLimit = f.whole("maxRequestBodyBytes", maxRequestBodyBytes);
            Integer retries = f.integer("maxRetries", maxRetries);
            GatewayOptions.HeaderEdits request = edits(f.lines("requestHeaders.remove", requestRemove),
                    f.headers("requestHeaders.set", requestSet), f.headers("requestHeaders.add", requestAdd));
            GatewayOptions.HeaderEdits response = edits(f.lines("responseHeaders.remove", responseRemove),
                    f.headers("responseHeaders.set", responseSet), f.headers("responseHeaders.add", responseAdd));
            boolean cacheOn = f.flag("cache.enabled", cacheEnabled) != null;
            GatewayOptions.Cache cache = new GatewayOptions.Cache(f.whole("cache.ttlSeconds", cacheTtlSeconds),
                    f.flag("cache.perConsumer", cachePerConsumer), f.whole("cache.maxEntryBytes", cacheMaxEntryBytes),
                    f.flag("cache.shared", cacheShared),
                    // Not on the form (admin API only): saving the form keeps what is stored.
                    stored == null || stored.cache() == null ? null : stored.cache().storeSetCookie());
            if (!cacheOn && !cache.equals(new GatewayOptions.Cache(null, null, null, null, cache.storeSetCookie()))) {
                f.errors().add(new Problem.FieldError("cache.enabled", "tick this to use the cache settings below, or clear them"));
            }
            List<String> scopes = f.words("requiredScopes", requiredScopes);
            return new GatewayOptions.RouteOptions(bodyLimit, request, response, retries, cacheOn ? cache : null,
                    stored == null ? null : stored.compose(), scopes);
        }

        private static GatewayOptions.HeaderEdits edits(List<String> remove, Map<String, String> set, Map<String, String> add) {
            return remove == null && set == null && add == null ? null : new GatewayOptions.HeaderEdits(remove, set, add);
        }
    }

    /** A route's stored options as form values. */
    public static Map<String, String> show(GatewayOptions.RouteOptions o) {
        Map<String, String> v = OptionsForm.newValues();
        if (o == null) {
            return v;
        }
        put(v, "maxRequestBodyBytes", o.maxRequestBodyBytes());
        put(v, "maxRetries", o.maxRetries());
        headerEdits(v, "requestHeaders", o.requestHeaders());
        headerEdits(v, "responseHeaders", o.responseHeaders());
        if (o.cache() != null) {
            v.put("cache.enabled", "true");
            put(v, "cache.ttlSeconds", o.cache().ttlSeconds());
            put(v, "cache.perConsumer", Boolean.TRUE.equals(o.cache().perConsumer()) ? "true" : null);
            put(v, "cache.maxEntryBytes", o.cache().maxEntryBytes());
            put(v, "cache.shared", Boolean.TRUE.equals(o.cache().shared()) ? "true" : null);
        }
        put(v, "requiredScopes", o.requiredScopes() == null ? null : String.join(" ", o.requiredScopes()));
        return v;
    }

    /** One row of the upstream targets form, as shown. */
    public record TargetRow(int index, String url, String weight, boolean enabled) {
        /** The field of this row as errors name it: {@code targets[2].url}. */
        public String field(String part) {
            return "targets[" + index + "]." + part;
        }
    }

    /** The targets form as shown: its rows, and the errors (and whether it is editable) in {@code form}. */
    public record TargetsView(List<TargetRow> rows, OptionsForm form) {
    }

    /** How many empty rows the targets form offers for new targets. */
    static final int NEW_TARGET_ROWS = 2;

    /** The stored targets as form rows, plus empty rows for new ones. */
    public static List<TargetRow> showTargets(List<ApiView.TargetView> targets) {
        List<TargetRow> rows = new ArrayList<>();
        for (ApiView.TargetView t : targets) {
            rows.add(new TargetRow(rows.size(), t.url(), Integer.toString(t.weight()), t.enabled()));
        }
        for (int i = 0; i < NEW_TARGET_ROWS; i++) {
            rows.add(new TargetRow(rows.size(), "", "", true));
        }
        return rows;
    }

    /**
     * The posted targets form: rows of {@code url}, {@code weight} and {@code state}
     * ({@code enabled}/{@code disabled}); a row without a URL is dropped (that removes a target).
     */
    public record PostedTargets(List<TargetRow> rows, ApiRequests.Targets request, List<Integer> rowOfTarget,
                         List<Problem.FieldError> errors) {

        public static PostedTargets read(List<String> urls, List<String> weights, List<String> states) {
            List<TargetRow> rows = new ArrayList<>();
            List<ApiRequests.Target> targets = new ArrayList<>();
            List<Integer> rowOf = new ArrayList<>();
            List<Problem.FieldError> errors = new ArrayList<>();
            int n = urls == null ? 0 : urls.size();
            for (int i = 0; i < n; i++) {
                String url = urls.get(i) == null ? "" : urls.get(i).trim();
                String weight = at(weights, i).trim();
                boolean enabled = !"disabled".equals(at(states, i));
                rows.add(new TargetRow(i, url, weight, enabled));
                if (url.isEmpty()) {
                    continue;
                }
                Integer w = null;
                if (!weight.isEmpty()) {
                    try {
                        w = Integer.parseInt(weight);
                    } catch (NumberFormatException e) {
                        errors.add(new Problem.FieldError("targets[" + i + "].weight", "must be a whole number"));
                    }
                }
                rowOf.add(i);
                targets.add(new ApiRequests.Target(url, w, enabled));
            }
            return new PostedTargets(rows, new ApiRequests.Targets(targets), rowOf, errors);
        }

        /** An error of the request ({@code targets[2].url}) renamed to its form row ({@code targets[3].url}). */
        public Problem.FieldError onRow(Problem.FieldError e) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^targets\\[(\\d+)](.*)$").matcher(e.field());
            if (m.matches()) {
                int target = Integer.parseInt(m.group(1));
                if (target < rowOfTarget.size()) {
                    return new Problem.FieldError("targets[" + rowOfTarget.get(target) + "]" + m.group(2), e.message());
                }
            }
            return e;
        }

        private static String at(List<String> values, int i) {
            return values == null || i >= values.size() || values.get(i) == null ? "" : values.get(i);
        }
    }

    private static void headerEdits(Map<String, String> v, String name, GatewayOptions.HeaderEdits e) {
        if (e == null) {
            return;
        }
        put(v, name + ".remove", lines(e.remove()));
        put(v, name + ".set", headerLines(e.set()));
        put(v, name + ".add", headerLines(e.add()));
    }

    private static void put(Map<String, String> v, String name, Object value) {
        if (value != null) {
            v.put(name, value.toString());
        }
    }

    private static String lines(List<String> items) {
        return items == null ? null : String.join("\n", items);
    }

    /** Failure statuses as typed: {@code 502, 503}; an empty list (only connection failures count) is {@code none}. */
    private static String statuses(List<Integer> statuses) {
        if (statuses == null) {
            return null;
        }
        return statuses.isEmpty() ? OptionFields.NONE
                : String.join(", ", statuses.stream().map(String::valueOf).toList());
    }

    private static String commas(List<String> items) {
        return items == null ? null : String.join(", ", items);
    }

    private static String headerLines(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        headers.forEach((k, val) -> s.append(s.isEmpty() ? "" : "\n").append(k).append(": ").append(val));
        return s.toString();
    }
}
