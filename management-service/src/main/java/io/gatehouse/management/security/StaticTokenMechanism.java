package io.gatehouse.management.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Three static bearer tokens, tried before OIDC:
 * <ul>
 *   <li>{@code gatehouse.admin-token} ({@code GATEHOUSE_ADMIN_TOKEN}), optional: the bootstrap admin
 *       for local runs and black-box tests, a {@link Roles#PLATFORM_ADMIN}. Off when unset.</li>
 *   <li>{@code gatehouse.gateway-token} ({@code GATEHOUSE_GATEWAY_TOKEN}): what gateways present to
 *       fetch config snapshots, role {@link Roles#GATEWAY}.</li>
 *   <li>{@code gatehouse.billing-token} ({@code GATEHOUSE_BILLING_TOKEN}), optional: what billing-metering
 *       presents to read the plans feed, role {@link Roles#BILLING_SERVICE}. Unset: nobody holds the role
 *       (a warning at start), so no period can close.</li>
 * </ul>
 * Any other bearer token is left to OIDC.
 */
@ApplicationScoped
public class StaticTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private static final Logger LOG = Logger.getLogger(StaticTokenMechanism.class);

    private final byte[] adminToken;
    private final byte[] gatewayToken;
    private final byte[] billingToken;

    public StaticTokenMechanism(@ConfigProperty(name = "gatehouse.admin-token") Optional<String> adminToken,
                                @ConfigProperty(name = "gatehouse.gateway-token") String gatewayToken,
                                @ConfigProperty(name = "gatehouse.billing-token") Optional<String> billingToken) {
        this.adminToken = adminToken.filter(t -> !t.isBlank()).map(StaticTokenMechanism::bytes).orElse(null);
        if (gatewayToken.length() < 16) {
            throw new IllegalStateException("gatehouse.gateway-token (GATEHOUSE_GATEWAY_TOKEN) must have at least 16 characters");
        }
        this.gatewayToken = bytes(gatewayToken);
        String billing = billingToken.map(String::strip).orElse("");
        if (!billing.isEmpty() && billing.length() < 16) {
            throw new IllegalStateException("gatehouse.billing-token (GATEHOUSE_BILLING_TOKEN) must have at least 16 characters");
        }
        if (billing.isEmpty()) {
            LOG.warn("gatehouse.billing-token (GATEHOUSE_BILLING_TOKEN) is not set: billing-metering cannot read plans and cannot close periods");
        }
        this.billingToken = billing.isEmpty() ? null : bytes(billing);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().optional(Optional.empty());
        }
        byte[] presented = bytes(header.substring(BEARER.length()).trim());
        if (adminToken != null && MessageDigest.isEqual(presented, adminToken)) {
            return identityProviderManager.authenticate(new StaticTokenRequest("bootstrap-admin", Roles.PLATFORM_ADMIN));
        }
        if (MessageDigest.isEqual(presented, gatewayToken)) {
            return identityProviderManager.authenticate(new StaticTokenRequest("gateway", Roles.GATEWAY));
        }
        if (billingToken != null && MessageDigest.isEqual(presented, billingToken)) {
            return identityProviderManager.authenticate(new StaticTokenRequest("billing-metering", Roles.BILLING_SERVICE));
        }
        return Uni.createFrom().optional(Optional.empty());
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
        // Higher than OIDC's default, so a static token is recognised before OIDC rejects it as a JWT.
        return DEFAULT_PRIORITY + 100;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
