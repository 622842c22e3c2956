package io.gatehouse.portal.journey;

import io.gatehouse.testing.BillingStandIn;
import io.gatehouse.testing.FreePorts;
import io.gatehouse.testing.PostgresDatabase;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real management service for portal tests: its packaged {@code quarkus-run.jar} started as a
 * process on a free port, with a fresh database, its own Redis namespace and the mailer in mock
 * mode. Mails are read from its log, where mock mode writes every link. billing-metering is a
 * {@link BillingStandIn} in the test JVM (billing's documented JSON; the e2e module runs the real one).
 */
public class RealManagement implements QuarkusTestResourceLifecycleManager {

    static final String ADMIN_TOKEN = "portal-test-admin-token";
    static final String PORTAL_TOKEN = "portal-test-portal-token-0123456789";
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path LOG = MODULE.resolve("target/logs/management.log");
    private static final Pattern LINK = Pattern.compile("Mail to (\\S+): .* — (\\S+)");

    static volatile String url;
    /** Where the started management service serves /q/health (its management interface). */
    private String opsUrl;
    /** What management reads usage and invoices from. */
    static volatile BillingStandIn billing;
    private Process process;

    /**
     * The JVM options {@code ./gatehouse up} starts management with (the default of {@code JAVA_OPTS} in the script), so
     * the portal's journey runs against management as it ships; one place to change them.
     */
    static List<String> launcherJavaOptions() throws java.io.IOException {
        String script = Files.readString(MODULE.resolve("../gatehouse").normalize());
        java.util.regex.Matcher m = Pattern.compile("(?m)^JAVA_OPTS=\"\\$\\{GATEHOUSE_JAVA_OPTS:-(.*)}\"$").matcher(script);
        if (!m.find()) {
            throw new IllegalStateException("no JAVA_OPTS default in the gatehouse script");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    @Override
    public Map<String, String> start() {
        Path jar = MODULE.resolve("../management-service/target/quarkus-app/quarkus-run.jar").normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build management-service first "
                    + "(mvn -pl management-service,developer-portal -am verify does)");
        }
        int port = freePort();
        billing = BillingStandIn.startNew();
        try {
            Files.createDirectories(LOG.getParent());
            Files.deleteIfExists(LOG);
            List<String> command = new java.util.ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(launcherJavaOptions());
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile());
            Map<String, String> env = pb.environment();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            int opsPort = freePort();
            env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(opsPort));
            opsUrl = "http://127.0.0.1:" + opsPort;
            env.put("GATEHOUSE_DB_URL", PostgresDatabase.recreate("gatehouse_portal_test"));
            env.put("GATEHOUSE_DB_USER", PostgresDatabase.USER);
            env.put("GATEHOUSE_REDIS_URL", RedisNamespaceResource.REDIS_URL);
            env.put("GATEHOUSE_REDIS_NAMESPACE", "test-portal-" + UUID.randomUUID().toString().substring(0, 8));
            env.put("GATEHOUSE_KEY_PEPPER", "portal-test-pepper-0123456789abcdef0123");
            env.put("GATEHOUSE_GATEWAY_TOKEN", "portal-test-gateway-token");
            env.put("GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN);
            env.put("GATEHOUSE_PORTAL_TOKEN", PORTAL_TOKEN);
            env.put("GATEHOUSE_MAIL_MOCK", "true");
            // The journeys' APIs point at loopback upstreams, which management refuses by default.
            env.put("GATEHOUSE_UPSTREAMS_ALLOW_PRIVATE", "true");
            // Every journey signs up from 127.0.0.1: more than management's 20 sign-ups per IP an hour.
            env.put("GATEHOUSE_DEVELOPER_THROTTLE_MAX_SIGNUPS_PER_IP", "500");
            env.put("GATEHOUSE_BILLING_URL", billing.url());
            env.put("GATEHOUSE_BILLING_TOKEN", BillingStandIn.TOKEN);
            process = pb.start();
            url = "http://127.0.0.1:" + port;
            awaitReady(Duration.ofSeconds(90));
        } catch (IOException | InterruptedException e) {
            stop();
            throw new IllegalStateException("could not start the management service", e);
        }
        return Map.of("quarkus.rest-client.management.url", url,
                "gatehouse.portal.management-token", PORTAL_TOKEN);
    }

    @Override
    public void stop() {
        if (billing != null) {
            billing.stop();
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The link in the last mail management sent to {@code email}. */
    static String lastLinkTo(String email) throws IOException {
        String link = null;
        for (String line : Files.readAllLines(LOG)) {
            Matcher m = LINK.matcher(line);
            if (m.find() && m.group(1).equals(email)) {
                link = m.group(2);
            }
        }
        if (link == null) {
            throw new AssertionError("no mail to " + email + " in " + LOG);
        }
        return link;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("management exited with " + process.exitValue() + "; see " + LOG);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(opsUrl + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("management was not ready within " + timeout + "; see " + LOG);
    }

    private static int freePort() {
        return FreePorts.take();
    }
}
