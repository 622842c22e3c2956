package io.gatehouse.management.security;

import io.gatehouse.statictokens.StaticTokens;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The three static bearer tokens management accepts, tried before OIDC by the {@code static-tokens} module's
 * mechanism (compared in constant time):
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
@Singleton
public class AcceptedTokens {

    private static final Logger LOG = Logger.getLogger(AcceptedTokens.class);

    /** Reads and checks the three tokens once; a gateway or billing token under 16 characters stops the start. */
    @Produces
    @Singleton
    static StaticTokens of(@ConfigProperty(name = "gatehouse.admin-token") Optional<String> adminToken,
                           @ConfigProperty(name = "gatehouse.gateway-token") String gatewayToken,
                           @ConfigProperty(name = "gatehouse.billing-token") Optional<String> billingToken) {
        if (gatewayToken.length() < 16) {
            throw new IllegalStateException("gatehouse.gateway-token (GATEHOUSE_GATEWAY_TOKEN) must have at least 16 characters");
        }
        String billing = billingToken.map(String::strip).orElse("");
        if (!billing.isEmpty() && billing.length() < 16) {
            throw new IllegalStateException("gatehouse.billing-token (GATEHOUSE_BILLING_TOKEN) must have at least 16 characters");
        }
        if (billing.isEmpty()) {
            LOG.warn("gatehouse.billing-token (GATEHOUSE_BILLING_TOKEN) is not set: billing-metering cannot read plans and cannot close periods");
        }
        return StaticTokens.builder()
                .token("bootstrap-admin", Roles.PLATFORM_ADMIN, adminToken.orElse(null))
                .token("gateway", Roles.GATEWAY, gatewayToken)
                .token("billing-metering", Roles.BILLING_SERVICE, billing)
                .build();
    }
}
