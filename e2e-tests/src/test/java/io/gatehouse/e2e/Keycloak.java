package io.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Keycloak that {@code ./gatehouse up} runs, started for real: the {@code org.keycloak:keycloak-quarkus-dist}
 * distribution that Maven keeps in its cache (a test dependency of this module), unpacked once per machine to
 * {@code ~/.cache/gatehouse/keycloak-<version>}, run in dev mode on a free port with a data directory of its own,
 * importing the shipped realm {@code deploy/keycloak/gatehouse-realm.json} exactly as {@code up} writes it
 * ({@code tools/keycloak_realm.py}: this run's client secrets, the console admin user with a generated password,
 * the redirect URIs of this run's management port).
 *
 * <p>Each run gets its own Keycloak home under {@code e2e-tests/target/keycloak/}: a copy of {@code bin/kc.sh} and
 * {@code conf/}, a fresh {@code data/}, and links to the cached {@code lib/}, {@code providers/} and
 * {@code themes/}. The build that Keycloak's first dev-mode start makes ({@code lib/quarkus/}, ~70 s here) is thus
 * kept in the cache and later runs skip it; every start holds a lock on the cache until that build step is over,
 * so two test runs on one machine never write it at once.
 *
 * <p>Its output goes to {@code e2e-tests/target/logs/keycloak.log}. {@link #close()} stops it and everything it
 * started, and deletes its home.
 */
final class Keycloak implements AutoCloseable {

    /** The console admin of the realm, as {@code ./gatehouse up} names it (CONSOLE_USER in the script). */
    static final String CONSOLE_USER = "console-admin";
    static final String VERSION = System.getProperty("gatehouse.keycloak.version", "26.5.6");
    private static final String REALM = "gatehouse";
    private static final Path CACHE = Path.of(System.getenv().getOrDefault("GATEHOUSE_KEYCLOAK_CACHE",
            System.getProperty("user.home") + "/.cache/gatehouse"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Printed once Keycloak's build step is over (it is not printed before the build when there is none). */
    private static final String BUILT = "Running the server in development mode";

    final int port = ServiceProcess.freePort();
    private final int managementPort;
    private final String consolePassword = secret("", 12);
    private final String consoleSecret = secret("console-", 24);
    private final String adminClientSecret = secret("admin-client-", 24);
    private final String bootstrapPassword = secret("", 12);
    private final Path log = ServiceProcess.ROOT.resolve("e2e-tests/target/logs/keycloak.log");
    private Path home;
    private Process process;
    private Instant started;

    /** A Keycloak whose realm lets the console of the management service on {@code managementPort} sign in. */
    Keycloak(int managementPort) {
        this.managementPort = managementPort;
    }

    /** The realm's URL, the management service's {@code GATEHOUSE_OIDC_URL}. */
    String realmUrl() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    String consoleUser() {
        return CONSOLE_USER;
    }

    String consolePassword() {
        return consolePassword;
    }

    /** The variables that {@code ./gatehouse up} gives the management service for this identity provider. */
    Map<String, String> managementEnv() {
        return Map.of("GATEHOUSE_OIDC_URL", realmUrl(), "GATEHOUSE_OIDC_CLIENT_ID", "gatehouse-admin",
                "GATEHOUSE_CONSOLE_CLIENT_ID", "gatehouse-console", "GATEHOUSE_CONSOLE_CLIENT_SECRET", consoleSecret);
    }

    /**
     * Unpacks the distribution if needed, writes the realm and starts Keycloak; returns before it answers
     * (see {@link #awaitRealm}), so that the services can start meanwhile.
     */
    Keycloak start() throws IOException, InterruptedException {
        Path distribution = unpacked();
        home = prepareHome(distribution);
        writeRealm(home.resolve("data/import/" + REALM + "-realm.json"));
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host", "127.0.0.1", "--http-port", Integer.toString(port),
                // Dev mode has no management interface unless health or metrics are on; a free port all the same.
                "--http-management-port", Integer.toString(ServiceProcess.freePort()),
                "--import-realm"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", bootstrapPassword);
        started = Instant.now();
        try (FileChannel lockFile = FileChannel.open(CACHE.resolve("keycloak-" + VERSION + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            process = pb.start();
            awaitLogLine(BUILT, Duration.ofMinutes(4));
        }
        return this;
    }

    /** Waits until the realm's discovery document answers 200; fails with the end of Keycloak's log otherwise. */
    Keycloak awaitRealm(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        URI discovery = URI.create(realmUrl() + "/.well-known/openid-configuration");
        while (Instant.now().isBefore(deadline)) {
            requireAlive();
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    System.out.printf("Keycloak %s answered %s %d s after its start%n", VERSION, realmUrl(),
                            Duration.between(started, Instant.now()).toSeconds());
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak's realm did not answer within " + timeout + "; end of " + log + ":\n"
                + tail());
    }

    /** Stops Keycloak (SIGTERM, then SIGKILL after 20 s) with every process it started, and deletes its home. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            List<ProcessHandle> tree = process.descendants().toList();
            tree.forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        if (home != null) {
            deleteTree(home);
        }
    }

    /** The unpacked distribution in the cache, unpacking the one in the Maven cache first if it is not there. */
    private static Path unpacked() throws IOException, InterruptedException {
        Files.createDirectories(CACHE);
        Path target = CACHE.resolve("keycloak-" + VERSION);
        try (FileChannel lockFile = FileChannel.open(CACHE.resolve("keycloak-" + VERSION + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.isExecutable(target.resolve("bin/kc.sh"))) {
                return target;
            }
            Path archive = distributionArchive();
            Path unpack = Files.createTempDirectory(CACHE, "unpack-");
            try {
                System.out.printf("Unpacking %s into %s (once per machine)%n", archive, target);
                run(List.of("tar", "-xzf", archive.toString(), "-C", unpack.toString()));
                // The complete tree appears at once: an interrupted unpack leaves no half distribution behind.
                Files.move(unpack.resolve("keycloak-" + VERSION), target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(unpack);
            }
            return target;
        }
    }

    /** Where Maven put the distribution: the path the POM passes, else the default local repository. */
    private static Path distributionArchive() {
        String fromPom = System.getProperty("gatehouse.keycloak.dist", "");
        Path archive = fromPom.isBlank() || fromPom.startsWith("${")
                ? Path.of(System.getProperty("user.home"), ".m2/repository/org/keycloak/keycloak-quarkus-dist", VERSION,
                        "keycloak-quarkus-dist-" + VERSION + ".tar.gz")
                : Path.of(fromPom);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException(archive + " is missing: run the test through Maven (mvn -pl e2e-tests ...),"
                    + " which fetches org.keycloak:keycloak-quarkus-dist:" + VERSION + ":tar.gz into its cache");
        }
        return archive;
    }

    /**
     * A home of this run's own: Keycloak keeps its database, caches and imports under {@code <home>/data}, and
     * {@code kc.sh} takes its home from its own location.
     */
    private static Path prepareHome(Path distribution) throws IOException {
        Path runs = ServiceProcess.ROOT.resolve("e2e-tests/target/keycloak");
        Files.createDirectories(runs);
        Path home = Files.createTempDirectory(runs, "run-");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("data/import"));
        Path kc = home.resolve("bin/kc.sh");
        Files.copy(distribution.resolve("bin/kc.sh"), kc);
        kc.toFile().setExecutable(true);
        copyTree(distribution.resolve("conf"), home.resolve("conf"));
        // kc.sh takes its home from its own path (links resolved): it is a copy, the rest is linked.
        for (String shared : List.of("lib", "providers", "themes", "version.txt")) {
            Files.createSymbolicLink(home.resolve(shared), distribution.resolve(shared));
        }
        return home;
    }

    private void writeRealm(Path realm) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("python3",
                ServiceProcess.ROOT.resolve("tools/keycloak_realm.py").toString(),
                "--source", ServiceProcess.ROOT.resolve("deploy/keycloak/gatehouse-realm.json").toString(),
                "--out", realm.toString(), "--management-port", Integer.toString(managementPort),
                "--user", CONSOLE_USER));
        // As the gatehouse script passes them: through the environment, never on the command line.
        pb.environment().put("GATEHOUSE_CONSOLE_ADMIN_PASSWORD", consolePassword);
        pb.environment().put("GATEHOUSE_KEYCLOAK_CONSOLE_SECRET", consoleSecret);
        pb.environment().put("GATEHOUSE_KEYCLOAK_ADMIN_CLIENT_SECRET", adminClientSecret);
        run(pb);
    }

    private void awaitLogLine(String line, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            requireAlive();
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Keycloak did not get past its build within " + timeout + "; end of " + log
                + ":\n" + tail());
    }

    private void requireAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; end of " + log + ":\n"
                    + tail());
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        run(new ProcessBuilder(command));
    }

    private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", pb.command()) + " failed:\n" + output);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Files.walk does not follow links: the shared distribution behind them stays.
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String secret(String prefix, int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }
}
