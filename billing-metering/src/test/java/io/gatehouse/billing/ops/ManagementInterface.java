package io.gatehouse.billing.ops;

import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;

/**
 * The running test app's management interface: the port (not the public one) where {@code /q/health} and
 * {@code /q/metrics} are served.
 */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** The absolute URL of {@code path}, e.g. {@code /q/metrics}, on the management interface. */
    public static String url(String path) {
        URI base = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        return base.getScheme() + "://" + base.getRawAuthority() + path;
    }
}
