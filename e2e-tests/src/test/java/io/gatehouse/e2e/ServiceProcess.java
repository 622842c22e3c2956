package io.gatehouse.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Gatehouse service started from its packaged {@code quarkus-run.jar} as a separate process,
 * on a free port, its output in {@code e2e-tests/target/logs/<name>.log}. Its health and metrics
 * are on a second free port, the management interface ({@link #opsUrl()}).
 */
final class ServiceProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    /** The management interface's port: {@code /q/health} and {@code /q/metrics}. */
    final int opsPort;
    private final String module;
    private final Map<String, String> env;
    private Process process;
    private String heap = "256m";

    /**
     * The JVM options {@code ./gatehouse up} gives every service but the gateway, without {@code -Xmx} (see
     * {@link #heap(String)}); {@code JvmOptionsTest} holds the two lists to the script's.
     */
    static final List<String> JAVA_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:MetaspaceSize=128m");
    /** The gateway's JVM options from {@code ./gatehouse up}, without {@code -Xmx}. */
    static final List<String> GATEWAY_JAVA_OPTIONS = List.of("-Xmn32m", "-XX:+UseSerialGC", "-XX:MetaspaceSize=128m",
            "-XX:MaxDirectMemorySize=64m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k");

    ServiceProcess(String name, String module, Map<String, String> env) {
        this(name, module, freePort(), env);
    }

    ServiceProcess(String name, String module, int port, Map<String, String> env) {
        this.name = name;
        this.module = module;
        this.port = port;
        this.opsPort = freePort();
        this.env = env;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The base URL of the management interface, where {@code /q/health} and {@code /q/metrics} are served. */
    String opsUrl() {
        return "http://127.0.0.1:" + opsPort;
    }

    /** Sets the maximum heap ({@code -Xmx}, default 256m) for the next {@link #start()}. */
    ServiceProcess heap(String maxHeap) {
        this.heap = maxHeap;
        return this;
    }

    /** Starts the process and waits until its readiness check answers 200. */
    ServiceProcess start() throws IOException, InterruptedException {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the module first (mvn package)");
        }
        Path logs = ROOT.resolve("e2e-tests/target/logs");
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + heap));
        command.addAll(module.equals("gateway-runtime") ? GATEWAY_JAVA_OPTIONS : JAVA_OPTIONS);
        // Pauses beside the log, so a slow moment in a test can be told apart from a GC pause.
        command.add("-Xlog:gc:file=" + logs.resolve(name + ".gc.log") + ":uptime,time");
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        Map<String, String> environment = pb.environment();
        // Every upstream, JWKS URL and health check in these tests is on 127.0.0.1; a test may still say false.
        environment.put("GATEHOUSE_UPSTREAMS_ALLOW_PRIVATE", "true");
        environment.putAll(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(opsPort));
        process = pb.start();
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + "; see e2e-tests/target/logs/" + name + ".log");
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(opsUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see e2e-tests/target/logs/" + name + ".log");
    }

    /** Stops the process gracefully (SIGTERM) and waits for it. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Stops ({@code SIGSTOP}) or resumes ({@code SIGCONT}) the process, as a hung or paused node. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Kills the process at once (SIGKILL): no shutdown hook, no flush, as when a machine dies. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** A free port for a process a test starts (see {@link io.gatehouse.testing.FreePorts}). */
    static int freePort() {
        return io.gatehouse.testing.FreePorts.take();
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
