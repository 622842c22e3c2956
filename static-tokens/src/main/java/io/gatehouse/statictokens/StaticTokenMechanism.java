package io.gatehouse.statictokens;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Signs in a request whose {@code Authorization: Bearer} token is one of the service's {@link StaticTokens} as that
 * token's holder, tried before OIDC. Any other request is left to the other mechanisms; this one never challenges.
 * The service must produce the {@link StaticTokens} bean.
 */
@ApplicationScoped
public class StaticTokenMechanism implements HttpAuthenticationMechanism {

    private final StaticTokens tokens;

    public StaticTokenMechanism(StaticTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        return tokens.holderOf(context.request().getHeader("Authorization"))
                .map(holder -> identities.authenticate(new StaticTokenRequest(holder)))
                .orElseGet(() -> Uni.createFrom().optional(Optional.empty()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().optional(Optional.empty());
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(StaticTokenRequest.class);
    }

    @Override
    public int getPriority() {
        // Before OIDC, which would otherwise reject the static token as a malformed JWT.
        return DEFAULT_PRIORITY + 100;
    }
}
