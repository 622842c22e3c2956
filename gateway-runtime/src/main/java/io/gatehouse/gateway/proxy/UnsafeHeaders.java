package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.config.ApiOption;

import java.util.Set;

/**
 * Request headers that are dropped on the way upstream unless the API opts in ({@code forwardUnsafeHeaders}):
 * <ul>
 *   <li>names with an underscore ({@code Transfer_Encoding}, {@code X_Forwarded_For}): some servers and CGI-style
 *       frameworks fold {@code _} and {@code -} together, so such a header can pose as one the gateway has already
 *       checked or replaced;</li>
 *   <li>{@code X-Original-URL} and {@code X-Rewrite-URL}: some frameworks route by them instead of the request line,
 *       which would reach a path the gateway never routed;</li>
 *   <li>{@code True-Client-IP}: some stacks take it as the client address, which a client must not choose.</li>
 * </ul>
 */
public final class UnsafeHeaders {

    private static final Set<String> NAMED = Set.of("x-original-url", "x-rewrite-url", "true-client-ip");

    private UnsafeHeaders() {
    }

    /** Whether a header of this lower-case {@code name} is unsafe to pass upstream by default. */
    public static boolean isUnsafe(String name) {
        return name.indexOf('_') >= 0 || NAMED.contains(name);
    }

    /** An API's {@code forwardUnsafeHeaders}: {@code false} (the default) drops them. */
    public static final ApiOption<Boolean> FORWARD = ApiOption.of("forwardUnsafeHeaders", Boolean.FALSE,
            api -> Boolean.TRUE.equals(api.forwardUnsafeHeaders()));
}
