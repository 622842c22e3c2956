package io.gatehouse.management.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A request that presented one of the configured static tokens, already compared in constant time. */
final class StaticTokenRequest extends BaseAuthenticationRequest {

    final String principal;
    final String role;

    StaticTokenRequest(String principal, String role) {
        this.principal = principal;
        this.role = role;
    }
}
