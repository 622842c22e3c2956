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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's packaged jar run as {@link ServiceProcess} runs it, but started without waiting and awaited later with a
 * timeout of the caller's choice: a process under libfaketime (every clock read intercepted) starts several times slower
 * than the others, well past {@link ServiceProcess}'s minute on a loaded machine, so a test starts it early and waits for
 * it when it needs it. Its output goes to {@code e2e-tests/target/logs/<name>.log}.
 */
final class ClockAheadProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    private final int port;
    private final int opsPort;
    private final Process process;

    private ClockAheadProcess(String name, int port, int opsPort, Process process) {
        this.name = name;
        this.port = port;
        this.opsPort = opsPort;
        this.process = process;
    }

    /** Starts {@code module}'s jar with {@code env} (libfaketime's variables among them) on free ports; does not wait. */
    static ClockAheadProcess start(String name, String module, Map<String, String> env) throws IOException {
        Path jar = ServiceProcess.ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the module first (mvn package)");
        }
        Path logs = ServiceProcess.ROOT.resolve("e2e-tests/target/logs");
        Files.createDirectories(logs);
        int port = ServiceProcess.freePort();
        int opsPort = ServiceProcess.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(ServiceProcess.JAVA_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        pb.environment().put("GATEHOUSE_UPSTREAMS_ALLOW_PRIVATE", "true");
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(opsPort));
        return new ClockAheadProcess(name, port, opsPort, pb.start());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until the readiness check answers 200; fails after {@code timeout} or when the process has exited. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + "; see e2e-tests/target/logs/" + name + ".log");
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + opsPort + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
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

    /** Stops the process (SIGTERM, then SIGKILL after 20 s) and waits for it; again does nothing. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
