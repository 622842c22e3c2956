package io.gatehouse.statictokens;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A request that presented one of the service's static tokens, already compared in constant time. */
public final class StaticTokenRequest extends BaseAuthenticationRequest {

    private final StaticTokens.Holder holder;

    StaticTokenRequest(StaticTokens.Holder holder) {
        this.holder = holder;
    }

    public StaticTokens.Holder holder() {
        return holder;
    }
}
