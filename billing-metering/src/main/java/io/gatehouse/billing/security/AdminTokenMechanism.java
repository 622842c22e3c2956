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
 * The static bearer tokens, tried before OIDC and compared in constant time:
 * <ul>
 *   <li>the optional bootstrap admin token ({@code gatehouse.admin-token}, env {@code GATEHOUSE_ADMIN_TOKEN}, the
 *   same value as management's): a {@link Roles#PLATFORM_ADMIN};</li>
 *   <li>the billing service token ({@code gatehouse.billing-token}, env {@code GATEHOUSE_BILLING_TOKEN}, the one
 *   billing presents to management for the plans feed): management presents it back to read usage and invoices
 *   for the portal and the console, as a read-only {@link Roles#BILLING_VIEWER} that can never close a period.</li>
 * </ul>
 * Each is off when unset. Any other bearer token is left to OIDC.
 */
@ApplicationScoped
public class AdminTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final byte[] adminToken;
    private final byte[] serviceToken;

    public AdminTokenMechanism(@ConfigProperty(name = "gatehouse.admin-token") Optional<String> adminToken,
                               @ConfigProperty(name = "gatehouse.billing-token") Optional<String> serviceToken) {
        this.adminToken = bytes(adminToken);
        byte[] service = bytes(serviceToken);
        // The same value for both would make the admin token read-only or the service token an admin: refuse neither, use the admin meaning.
        this.serviceToken = service != null && this.adminToken != null && MessageDigest.isEqual(service, this.adminToken) ? null : service;
    }

    private static byte[] bytes(Optional<String> token) {
        return token.filter(t -> !t.isBlank()).map(t -> t.strip().getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().optional(Optional.empty());
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (adminToken != null && MessageDigest.isEqual(presented, adminToken)) {
            return identities.authenticate(new AdminTokenRequest(false));
        }
        if (serviceToken != null && MessageDigest.isEqual(presented, serviceToken)) {
            return identities.authenticate(new AdminTokenRequest(true));
        }
        return Uni.createFrom().optional(Optional.empty());
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

    /** A request carrying the bootstrap admin token or, when {@code service}, the billing service token (already checked). */
    public static final class AdminTokenRequest extends BaseAuthenticationRequest {
        private final boolean service;

        AdminTokenRequest(boolean service) {
            this.service = service;
        }

        public boolean service() {
            return service;
        }
    }

    /** The identity behind a static token: the bootstrap admin, or management reading as a billing viewer. */
    @ApplicationScoped
    public static class Provider implements IdentityProvider<AdminTokenRequest> {

        @Override
        public Class<AdminTokenRequest> getRequestType() {
            return AdminTokenRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(AdminTokenRequest request, AuthenticationRequestContext context) {
            if (request.service()) {
                return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("management-service"))
                        .addRole(Roles.BILLING_VIEWER)
                        .build());
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("bootstrap-admin"))
                    .addRole(Roles.PLATFORM_ADMIN)
                    .build());
        }
    }
}
