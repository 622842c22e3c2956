package io.gatehouse.management.developer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of the developer API ({@code gatehouse.developer.*}), read once at start. */
@ConfigMapping(prefix = "gatehouse.developer")
public interface DeveloperSettings {

    /** Whether a new organization waits for an admin: {@code none} (active at once) or {@code required}. */
    @WithDefault("none")
    SignupApproval signupApproval();

    /** {@code plan}: a subscription waits when its plan says so; {@code required}: every one waits. */
    @WithDefault("plan")
    SubscriptionApproval subscriptionApproval();

    /** The portal's address as partners reach it; links in mails start with it. */
    @WithDefault("http://localhost:8082")
    String portalUrl();

    /**
     * The portal's shared secret ({@code GATEHOUSE_PORTAL_TOKEN}). A request carrying it in
     * {@code X-Gatehouse-Portal-Token} may name the browser's address in {@code X-Gatehouse-Client-IP};
     * without it the peer address counts.
     */
    Optional<String> portalToken();

    /** How long a developer session lasts after login. */
    @WithDefault("PT12H")
    Duration sessionTtl();

    /** How long an email-verification link works. */
    @WithDefault("PT48H")
    Duration verificationTtl();

    /** How long a password-reset link works. */
    @WithDefault("PT1H")
    Duration resetTtl();

    /** How long an invitation to join an organization works. */
    @WithDefault("P7D")
    Duration invitationTtl();

    /** How long the old key keeps working after a rotation, unless the request says otherwise. */
    @WithDefault("PT24H")
    Duration rotationGrace();

    /** Log verification and reset links at INFO (local runs). Always on while the mailer is in mock mode. */
    @WithDefault("false")
    boolean logMailLinks();

    Throttle throttle();

    /** Brute-force limits: at most {@code max…} attempts in {@code window}, per account and per client IP. */
    interface Throttle {
        @WithDefault("PT15M")
        Duration loginWindow();

        @WithDefault("5")
        int maxLoginFailuresPerAccount();

        @WithDefault("50")
        int maxLoginFailuresPerIp();

        @WithDefault("PT1H")
        Duration signupWindow();

        @WithDefault("3")
        int maxSignupsPerAccount();

        @WithDefault("20")
        int maxSignupsPerIp();

        @WithDefault("PT1H")
        Duration resetWindow();

        @WithDefault("3")
        int maxResetsPerAccount();

        @WithDefault("20")
        int maxResetsPerIp();
    }

    enum SignupApproval { none, required }

    enum SubscriptionApproval { plan, required }
}
