package io.gatehouse.management.billingreports;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where billing-metering is and how long management waits for it; checked once at start.
 *
 * @param url            billing's base URL ({@code gatehouse.billing-url}, {@code GATEHOUSE_BILLING_URL})
 * @param token          the billing service token ({@code gatehouse.billing-token}, {@code GATEHOUSE_BILLING_TOKEN}); billing
 *                       takes it as a read-only billing viewer. Empty: every billing read answers 503
 * @param connectTimeout time to open a connection ({@code gatehouse.billing-client.connect-timeout})
 * @param readTimeout    time until billing's answer starts ({@code gatehouse.billing-client.read-timeout})
 */
public record BillingSettings(String url, Optional<String> token, Duration connectTimeout, Duration readTimeout) {

    public BillingSettings {
        URI parsed;
        try {
            parsed = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gatehouse.billing-url (GATEHOUSE_BILLING_URL) is not a URL: " + url);
        }
        if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException("gatehouse.billing-url (GATEHOUSE_BILLING_URL) must be an http(s) URL, not " + url);
        }
        url = url.strip().replaceAll("/+$", "");
        token = token.map(String::strip).filter(t -> !t.isEmpty());
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("gatehouse.billing-client.connect-timeout and read-timeout must be positive");
        }
    }
}
