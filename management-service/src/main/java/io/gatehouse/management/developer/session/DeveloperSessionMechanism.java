package io.gatehouse.management.developer.session;

import io.gatehouse.management.developer.SecretTokens;
import io.gatehouse.management.developer.account.AccountService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Developer sessions: on {@code /developer/v1/**}, a bearer token starting with
 * {@link SecretTokens#SESSION} is looked up (by its keyed hash) and becomes a {@link Partner}
 * identity with the role {@link Partner#ROLE}. An unknown, expired or logged-out token fails with
 * 401; any other bearer token is left to the other mechanisms.
 */
@ApplicationScoped
public class DeveloperSessionMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (!context.normalizedPath().startsWith("/developer/v1/") || header == null
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().optional(Optional.empty());
        }
        String token = header.substring(BEARER.length()).trim();
        if (!token.startsWith(SecretTokens.SESSION)) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(new SessionRequest(token));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().optional(Optional.empty());
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionRequest.class);
    }

    @Override
    public int getPriority() {
        // Above OIDC (which would reject the opaque token), below the static tokens.
        return DEFAULT_PRIORITY + 50;
    }

    /** A presented session token, not yet checked. */
    static final class SessionRequest extends BaseAuthenticationRequest {
        final String token;

        SessionRequest(String token) {
            this.token = token;
        }
    }

    /** Looks the session up on a worker thread: the database is blocking. */
    @ApplicationScoped
    static class SessionIdentityProvider implements IdentityProvider<SessionRequest> {

        private final AccountService accounts;

        SessionIdentityProvider(AccountService accounts) {
            this.accounts = accounts;
        }

        @Override
        public Class<SessionRequest> getRequestType() {
            return SessionRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(SessionRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> {
                Partner partner = accounts.resolveSession(request.token)
                        .orElseThrow(() -> new AuthenticationFailedException("no such developer session"));
                return QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(partner.userId().toString()))
                        .addRole(Partner.ROLE)
                        .addAttribute(Partner.ATTRIBUTE, partner)
                        .build();
            });
        }
    }
}
