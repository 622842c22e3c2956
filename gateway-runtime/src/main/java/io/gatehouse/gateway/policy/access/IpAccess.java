package io.gatehouse.gateway.policy.access;

import io.gatehouse.gateway.config.ApiOption;

import java.util.List;

/**
 * Which client addresses may call an API, compiled from the snapshot. A deny block always wins; a non-empty
 * allow list admits only addresses inside it. The address is the trusted-chain client IP
 * ({@code Exchange.CLIENT_IP}), never a header an untrusted client sent.
 */
public record IpAccess(List<IpRange> allow, List<IpRange> deny) {

    public IpAccess {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public static IpAccess of(List<String> allow, List<String> deny) {
        return new IpAccess(IpRange.parseAll(allow), IpRange.parseAll(deny));
    }

    public boolean admits(String clientIp) {
        if (IpRange.anyContains(deny, clientIp)) {
            return false;
        }
        return allow.isEmpty() || IpRange.anyContains(allow, clientIp);
    }

    /** An API's {@code ipAccess}; {@code null} (the default) admits every address. */
    public static final ApiOption<IpAccess> OPTION = ApiOption.of("ipAccess", null,
            api -> api.ipAccess() == null ? null : of(api.ipAccess().allow(), api.ipAccess().deny()));
}
