package io.gatehouse.billing.security;

import io.gatehouse.statictokens.StaticTokens;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The static bearer tokens billing accepts, tried before OIDC by the {@code static-tokens} module's mechanism
 * (compared in constant time):
 * <ul>
 *   <li>the optional bootstrap admin token ({@code gatehouse.admin-token}, env {@code GATEHOUSE_ADMIN_TOKEN}, the
 *   same value as management's): a {@link Roles#PLATFORM_ADMIN};</li>
 *   <li>the billing service token ({@code gatehouse.billing-token}, env {@code GATEHOUSE_BILLING_TOKEN}, the one
 *   billing presents to management for the plans feed): management presents it back to read usage and invoices
 *   for the portal and the console, as a read-only {@link Roles#BILLING_VIEWER} that can never close a period.</li>
 * </ul>
 * Each is off when unset, and trimmed. Any other bearer token is left to OIDC.
 */
@Singleton
public class AcceptedTokens {

    @Produces
    @Singleton
    static StaticTokens of(@ConfigProperty(name = "gatehouse.admin-token") Optional<String> adminToken,
                           @ConfigProperty(name = "gatehouse.billing-token") Optional<String> serviceToken) {
        // The admin token is declared first: the same value for both makes it the admin token, never a read-only one.
        return StaticTokens.builder()
                .token("bootstrap-admin", Roles.PLATFORM_ADMIN, adminToken.map(String::strip).orElse(null))
                .token("management-service", Roles.BILLING_VIEWER, serviceToken.map(String::strip).orElse(null))
                .build();
    }
}
