package io.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Sentinel deployment: one master, one replica and three sentinels watching them as {@link #MASTER_NAME},
 * made of the machine's own {@code redis-server} processes ({@code redis-server <conf> --sentinel} for a sentinel;
 * binary at {@code GATEHOUSE_TEST_REDIS_SERVER} as for {@link RedisCluster}). Every process has a free port and a
 * directory of its own and keeps nothing on disk (a sentinel rewrites its own config file there, as it must).
 *
 * <p>{@link #start()} returns once the replica's link is up and all three sentinels know the master, the replica and
 * each other ({@code SENTINEL CKQUORUM}). A test can hand the master over with {@link #failover()} ({@code SENTINEL
 * FAILOVER}) or {@link #kill} it; both wait until every sentinel names the new master. {@link #close()} stops every
 * process and deletes the directories, and so does a JVM shutdown hook if the test never gets there.
 */
public final class RedisSentinel implements AutoCloseable {

    /** The name the sentinels know the master by ({@code GATEHOUSE_REDIS_MASTER_NAME}). */
    public static final String MASTER_NAME = "gatehouse-test";
    private static final Path CLI = RedisCluster.SERVER.resolveSibling("redis-cli");
    private static final Duration SETTLING = Duration.ofSeconds(30);

    /** One process: a data node or a sentinel. */
    public static final class Node {
        private final int port;
        private final Path dir;
        private final boolean sentinel;
        private Process process;

        Node(int port, Path dir, boolean sentinel) {
            this.port = port;
            this.dir = dir;
            this.sentinel = sentinel;
        }

        /** The client port on 127.0.0.1. */
        public int port() {
            return port;
        }

        /** {@code redis://127.0.0.1:<port>}. */
        public String uri() {
            return "redis://127.0.0.1:" + port;
        }

        /** Whether the process is still running. */
        public boolean alive() {
            return process != null && process.isAlive();
        }

        @Override
        public String toString() {
            return (sentinel ? "sentinel " : "") + "127.0.0.1:" + port;
        }
    }

    private final Path root;
    private final List<Node> data = new ArrayList<>();
    private final List<Node> sentinels = new ArrayList<>();
    private final Thread onExit = new Thread(this::stopAll, "redis-sentinel-stop");

    private RedisSentinel(Path root) {
        this.root = root;
    }

    /** Starts a master, its replica and three sentinels, and waits until the sentinels agree on them. */
    public static RedisSentinel start() {
        RedisSentinel deployment;
        try {
            deployment = new RedisSentinel(Files.createTempDirectory("gatehouse-redis-sentinel-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(deployment.onExit);
        try {
            deployment.launch();
            return deployment;
        } catch (RuntimeException | Error e) {
            deployment.close();
            throw e;
        }
    }

    private void launch() {
        Node master = node(false);
        Node replica = node(false);
        spawnData(master, null);
        awaitPong(master);
        spawnData(replica, master);
        awaitPong(replica);
        for (int i = 0; i < 3; i++) {
            Node sentinel = node(true);
            try {
                Files.writeString(sentinel.dir.resolve("sentinel.conf"), String.join("\n",
                        "port " + sentinel.port,
                        "bind 127.0.0.1",
                        "daemonize no",
                        "dir " + sentinel.dir,
                        "logfile " + sentinel.dir.resolve("sentinel.log"),
                        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port + " 2",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                        "sentinel failover-timeout " + MASTER_NAME + " 10000",
                        "sentinel parallel-syncs " + MASTER_NAME + " 1",
                        ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            spawn(sentinel, List.of(RedisCluster.SERVER.toString(), sentinel.dir.resolve("sentinel.conf").toString(),
                    "--sentinel"));
            awaitPong(sentinel);
        }
        awaitAgreed(master);
    }

    private Node node(boolean sentinel) {
        int port = FreePorts.take();
        Path dir = root.resolve((sentinel ? "sentinel-" : "redis-") + port);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Node node = new Node(port, dir, sentinel);
        (sentinel ? sentinels : data).add(node);
        return node;
    }

    private void spawnData(Node node, Node replicaOf) {
        List<String> command = new ArrayList<>(List.of(RedisCluster.SERVER.toString(),
                "--port", String.valueOf(node.port),
                "--bind", "127.0.0.1",
                "--dir", node.dir.toString(),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--logfile", node.dir.resolve("redis.log").toString()));
        if (replicaOf != null) {
            command.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(replicaOf.port)));
        }
        spawn(node, command);
    }

    private static void spawn(Node node, List<String> command) {
        try {
            node.process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(node.dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + RedisCluster.SERVER, e);
        }
    }

    /** The sentinels' addresses, comma separated, as {@code GATEHOUSE_REDIS_URL} takes them in sentinel mode. */
    public String sentinelUris() {
        return sentinels.stream().filter(Node::alive).map(Node::uri).collect(Collectors.joining(","));
    }

    /** The three sentinels. */
    public List<Node> sentinels() {
        return List.copyOf(sentinels);
    }

    /** The live data node that is master now, as the sentinels say. */
    public Node master() {
        int port = masterPortAsSeenBy(sentinels.stream().filter(Node::alive).findFirst().orElseThrow());
        return data.stream().filter(n -> n.port == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sentinels name an unknown master " + port));
    }

    /** The live data node that is not the master now. */
    public Node replica() {
        Node master = master();
        return data.stream().filter(n -> n != master && n.alive()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no live replica"));
    }

    /**
     * Hands the master over to the replica with {@code SENTINEL FAILOVER} (the sentinels turn the old master into the
     * new one's replica and close its clients' connections), and waits until every sentinel names the new master and
     * the old one replicates it.
     */
    public void failover() {
        Node before = master();
        String answer = cli(sentinels.get(0), "SENTINEL", "FAILOVER", MASTER_NAME).trim();
        if (!answer.equals("OK")) {
            throw new IllegalStateException("SENTINEL FAILOVER was refused: " + answer);
        }
        awaitMasterOtherThan(before);
        awaitAgreed(master());
    }

    /**
     * Kills the master with SIGKILL, as a crash would, and waits until every sentinel names its replica as the new
     * master (after {@code down-after-milliseconds}, 1 s, and an election). Returns the killed node, for
     * {@link #restart}.
     */
    public Node killMaster() {
        Node before = master();
        kill(before);
        awaitMasterOtherThan(before);
        return before;
    }

    /** Kills {@code node} with SIGKILL and waits until it is gone. */
    public void kill(Node node) {
        try {
            Runtime.getRuntime().exec(new String[] {"kill", "-KILL", String.valueOf(node.process.pid())}).waitFor();
            if (!node.process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(node + " survived SIGKILL");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a killed data node again on its port, as a replica of the current master (the sentinels would make it one
     * anyway), and waits until its link is up and the sentinels count it.
     */
    public void restart(Node node) {
        if (node.alive()) {
            throw new IllegalStateException(node + " is running");
        }
        spawnData(node, master());
        awaitPong(node);
        awaitAgreed(master());
    }

    private void awaitMasterOtherThan(Node before) {
        long deadline = System.nanoTime() + SETTLING.toNanos();
        while (true) {
            boolean allMoved = sentinels.stream().filter(Node::alive)
                    .allMatch(s -> {
                        int port = masterPortAsSeenBy(s);
                        return port > 0 && port != before.port;
                    });
            if (allMoved) {
                return;
            }
            pause(deadline, "the sentinels did not name a new master after " + before + ":\n" + logs());
        }
    }

    /**
     * Waits until every sentinel names {@code master}, counts the other two sentinels and a live replica, and agrees a
     * failover is possible ({@code CKQUORUM}), and the replica's link to the master is up.
     */
    private void awaitAgreed(Node master) {
        long deadline = System.nanoTime() + SETTLING.toNanos();
        while (!agreed(master)) {
            pause(deadline, "the sentinels did not agree on " + master + ":\n" + logs());
        }
    }

    private boolean agreed(Node master) {
        if (!cli(master, "ROLE").startsWith("master")) {
            return false;
        }
        for (Node replica : data) {
            if (replica != master && replica.alive()) {
                String replication = cli(replica, "INFO", "replication");
                if (!replication.contains("master_port:" + master.port) || !replication.contains("master_link_status:up")) {
                    return false;
                }
            }
        }
        for (Node sentinel : sentinels) {
            if (masterPortAsSeenBy(sentinel) != master.port) {
                return false;
            }
            String info = cli(sentinel, "SENTINEL", "MASTER", MASTER_NAME);
            if (!field(info, "num-other-sentinels").equals("2") || field(info, "num-slaves").equals("0")
                    || !field(info, "flags").equals("master")) {
                return false;
            }
            if (!cli(sentinel, "SENTINEL", "CKQUORUM", MASTER_NAME).startsWith("OK")) {
                return false;
            }
            String replicas = cli(sentinel, "SENTINEL", "REPLICAS", MASTER_NAME);
            if (replicas.contains("s_down") || replicas.contains("disconnected")) {
                return false;
            }
        }
        return true;
    }

    /** The value after {@code name} in redis-cli's one-item-a-line listing of a map. */
    private static String field(String listing, String name) {
        List<String> lines = listing.lines().map(String::trim).toList();
        int at = lines.indexOf(name);
        return at >= 0 && at + 1 < lines.size() ? lines.get(at + 1) : "";
    }

    private int masterPortAsSeenBy(Node sentinel) {
        List<String> lines = cli(sentinel, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).lines().toList();
        try {
            return lines.size() >= 2 ? Integer.parseInt(lines.get(1).trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Runs {@code redis-cli -p <node> args...} and returns what it printed (errors included). */
    public String cli(Node node, String... args) {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(node.port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than 10 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitPong(Node node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cli(node, "PING").trim().equals("PONG")) {
            if (!node.alive()) {
                throw new IllegalStateException(node + " exited at start: " + logs());
            }
            pause(deadline, node + " did not answer PING: " + logs());
        }
    }

    private String logs() {
        StringBuilder all = new StringBuilder();
        for (Node node : sentinels) {
            try {
                all.append("--- ").append(node).append('\n')
                        .append(Files.readString(node.dir.resolve("sentinel.log")));
            } catch (IOException e) {
                all.append("(no log for ").append(node).append(")\n");
            }
        }
        return all.toString();
    }

    private static void pause(long deadline, String message) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(message);
        }
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops every process (SIGKILL: nothing is kept on disk) and deletes the directories. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself, or during shutdown: the hook is running or about to.
        }
    }

    private synchronized void stopAll() {
        List<Node> all = new ArrayList<>(sentinels);
        all.addAll(data);
        for (Node n : all) {
            if (n.process != null && n.process.isAlive()) {
                n.process.destroyForcibly();
            }
        }
        for (Node n : all) {
            if (n.process != null) {
                try {
                    n.process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
