package io.gatehouse.gateway.accesslog;

import io.gatehouse.gateway.config.ApiOption;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which requests of one API get an access log line (the snapshot's per-API {@code accessLog}), compiled once.
 * Answers the gateway made as errors (status 500 and above) are always written while the log is on, whatever the
 * sample rate: they are the lines an operator looks for.
 *
 * @param enabled    {@code false}: no line at all for this API, errors included
 * @param sampleRate the share of the other requests that get a line, 0 to 1 (1: every request)
 */
public record AccessLogRule(boolean enabled, double sampleRate) {

    /** The default: every request of the API gets a line. */
    public static final AccessLogRule ALL = new AccessLogRule(true, 1.0);

    public AccessLogRule {
        if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
            throw new IllegalArgumentException("accessLog.sampleRate must be between 0 and 1, not " + sampleRate);
        }
    }

    /** The snapshot's {@code accessLog}: absent members are the defaults (on, every request). */
    public static AccessLogRule of(Boolean enabled, Double sampleRate) {
        boolean on = enabled == null || enabled;
        double rate = sampleRate == null ? 1.0 : sampleRate;
        return on && rate == 1.0 ? ALL : new AccessLogRule(on, rate);
    }

    /** Whether a request answered with {@code status} gets a line. No allocation, no lock. */
    public boolean keeps(int status) {
        return keeps(status, sampleRate >= 1.0 ? 0.0 : ThreadLocalRandom.current().nextDouble());
    }

    /** {@link #keeps(int)} with the random draw given, 0 (inclusive) to 1 (exclusive). */
    boolean keeps(int status, double draw) {
        return enabled && (status >= 500 || draw < sampleRate);
    }

    /** An API's {@code accessLog}; {@link #ALL} by default. */
    public static final ApiOption<AccessLogRule> OPTION = ApiOption.of("accessLog", ALL,
            api -> api.accessLog() == null ? null : of(api.accessLog().enabled(), api.accessLog().sampleRate()));
}
