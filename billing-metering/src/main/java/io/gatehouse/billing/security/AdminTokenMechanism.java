package io.gatehouse.billing.security;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * The optional bootstrap admin token ({@code gatehouse.admin-token}, env {@code GATEHOUSE_ADMIN_TOKEN}, the
 * same value as management's), tried before OIDC and compared in constant time; it is a
 * {@link Roles#PLATFORM_ADMIN}. Off when unset. Any other bearer token is left to OIDC.
 */
@ApplicationScoped
public class AdminTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final byte[] adminToken;

    public AdminTokenMechanism(@ConfigProperty(name = "gatehouse.admin-token") Optional<String> adminToken) {
        this.adminToken = adminToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (adminToken == null || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().optional(Optional.empty());
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, adminToken)) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(new AdminTokenRequest());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().optional(Optional.empty());
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(AdminTokenRequest.class);
    }

    @Override
    public int getPriority() {
        // Before OIDC, which would otherwise reject the static token as a malformed JWT.
        return DEFAULT_PRIORITY + 100;
    }

    /** A request carrying the bootstrap admin token (already checked by the mechanism). */
    public static final class AdminTokenRequest extends BaseAuthenticationRequest {
    }

    /** The identity behind the bootstrap admin token. */
    @ApplicationScoped
    public static class Provider implements IdentityProvider<AdminTokenRequest> {

        @Override
        public Class<AdminTokenRequest> getRequestType() {
            return AdminTokenRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(AdminTokenRequest request, AuthenticationRequestContext context) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("bootstrap-admin"))
                    .addRole(Roles.PLATFORM_ADMIN)
                    .build());
        }
    }
}
