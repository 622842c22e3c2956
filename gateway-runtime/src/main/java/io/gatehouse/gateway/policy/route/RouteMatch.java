package io.gatehouse.gateway.policy.route;

import java.util.Set;

/** The result of looking a request up in a {@link RouteTable}. */
public sealed interface RouteMatch permits RouteMatch.Found, RouteMatch.NotFound, RouteMatch.MethodNotAllowed {

    /** A route accepts the request. */
    record Found(Route route) implements RouteMatch {
    }

    /** No route matches the host and path. */
    record NotFound() implements RouteMatch {
    }

    /** Routes match the host and path, but none accepts the method; {@code allowed} lists those they accept. */
    record MethodNotAllowed(Set<String> allowed) implements RouteMatch {
    }

    RouteMatch NOT_FOUND = new NotFound();
}
