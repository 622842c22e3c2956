package io.gatehouse.management.notifications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.gatehouse.testing.FreePorts;
import io.gatehouse.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A real SMTP server (GreenMail) in the test JVM, reached through a {@link TcpProxy} the test can cut, and the
 * management service's mailer pointed at it with mock mode off. Retries are quick (1 s, then 2 s) and the third failed
 * attempt gives up, so a test sees the whole retry path in seconds.
 */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    private static GreenMail server;
    private static TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        server = new GreenMail(new ServerSetup(FreePorts.take(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        proxy = TcpProxy.start("127.0.0.1", server.getSmtp().getPort());
        return Map.ofEntries(
                Map.entry("quarkus.mailer.mock", "false"),
                Map.entry("quarkus.mailer.host", "127.0.0.1"),
                Map.entry("quarkus.mailer.port", String.valueOf(proxy.port())),
                Map.entry("quarkus.mailer.start-tls", "DISABLED"),
                Map.entry("quarkus.mailer.username", ""),
                Map.entry("quarkus.mailer.password", ""),
                // A pooled connection would outlive a cut of the proxy and turn the next send into a failure the
                // test did not ask for.
                Map.entry("quarkus.mailer.keep-alive", "false"),
                Map.entry("gatehouse.notifications.first-retry", "PT1S"),
                Map.entry("gatehouse.notifications.max-retry", "PT2S"),
                Map.entry("gatehouse.notifications.max-attempts", "3"),
                Map.entry("gatehouse.notifications.batch-size", "5"),
                Map.entry("gatehouse.notifications.send-timeout", "PT10S"));
    }

    static GreenMail server() {
        return server;
    }

    static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        if (proxy != null) {
            proxy.cut();
        }
    }
}
