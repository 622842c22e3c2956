package io.gatehouse.gateway.config;

import io.gatehouse.gateway.accesslog.AccessLogRule;
import io.gatehouse.gateway.policy.access.IpAccess;
import io.gatehouse.gateway.policy.auth.ApiAuth;
import io.gatehouse.gateway.policy.cors.CorsRules;
import io.gatehouse.gateway.upstream.ResilienceSettings;

/**
 * The optional, per-API parts of a snapshot, compiled once.
 *
 * @param cors       CORS rules, or {@code null} when the API does not do CORS at the gateway
 * @param ipAccess   address lists, or {@code null} for none
 * @param resilience health checks, ejection and breaker settings of the API's targets
 * @param sunset     the deprecation notice, or {@code null} while the API is not deprecated
 * @param auth       which credentials the API accepts; {@link ApiAuth#KEYS_ONLY} by default
 * @param forwardUnsafeHeaders whether {@code proxy.UnsafeHeaders} (underscored names, {@code X-Original-URL},
 *                   {@code X-Rewrite-URL}, {@code True-Client-IP}) go upstream; {@code false} drops them
 * @param accessLog  which of the API's requests get an access log line; {@link AccessLogRule#ALL} by default
 */
public record ApiOptions(CorsRules cors, IpAccess ipAccess, ResilienceSettings resilience, DeprecationNotice sunset,
                         ApiAuth auth, boolean forwardUnsafeHeaders, AccessLogRule accessLog) {

    public static final ApiOptions NONE = new ApiOptions(null, null, ResilienceSettings.DEFAULTS, null, ApiAuth.KEYS_ONLY,
            false, AccessLogRule.ALL);

    public ApiOptions {
        resilience = resilience == null ? ResilienceSettings.DEFAULTS : resilience;
        auth = auth == null ? ApiAuth.KEYS_ONLY : auth;
        accessLog = accessLog == null ? AccessLogRule.ALL : accessLog;
    }

    public ApiOptions(CorsRules cors, IpAccess ipAccess, ResilienceSettings resilience, DeprecationNotice sunset,
                      ApiAuth auth, boolean forwardUnsafeHeaders) {
        this(cors, ipAccess, resilience, sunset, auth, forwardUnsafeHeaders, AccessLogRule.ALL);
    }

    public ApiOptions(CorsRules cors, IpAccess ipAccess, ResilienceSettings resilience, DeprecationNotice sunset,
                      ApiAuth auth) {
        this(cors, ipAccess, resilience, sunset, auth, false);
    }

    public ApiOptions(CorsRules cors, IpAccess ipAccess, ResilienceSettings resilience, DeprecationNotice sunset) {
        this(cors, ipAccess, resilience, sunset, ApiAuth.KEYS_ONLY);
    }

    public ApiOptions(CorsRules cors, IpAccess ipAccess, ResilienceSettings resilience) {
        this(cors, ipAccess, resilience, null);
    }
}
