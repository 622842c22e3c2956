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
 * A real Redis Cluster of three masters and three replicas, made of the machine's own {@code redis-server} processes
 * (binary at {@code GATEHOUSE_TEST_REDIS_SERVER}, default {@code /usr/bin/redis-server}; {@code redis-cli} beside it).
 * Each node has a directory of its own, a free client port and a free bus port (named with {@code cluster-port}, so
 * the bus never lands on {@code port + 10000} in the kernel's ephemeral range), and keeps nothing on disk.
 *
 * <p>{@link #start()} returns once every slot is served and every node reports {@code cluster_state:ok}. A test can
 * {@link #kill(Node) SIGKILL} a node or {@link #failover(Node) promote} a replica; {@link #close()} stops every process
 * and deletes the directories, and so does a JVM shutdown hook if the test never gets there.
 */
public final class RedisCluster implements AutoCloseable {

    /** The binary the nodes run. */
    public static final Path SERVER = Path.of(System.getenv().getOrDefault(
            "GATEHOUSE_TEST_REDIS_SERVER", "/usr/bin/redis-server"));
    private static final Path CLI = SERVER.resolveSibling("redis-cli");
    private static final Duration FORMING = Duration.ofSeconds(30);

    /** One {@code redis-server} process of the cluster. */
    public static final class Node {
        private final int port;
        private final int busPort;
        private final Path dir;
        private Process process;

        Node(int port, int busPort, Path dir) {
            this.port = port;
            this.busPort = busPort;
            this.dir = dir;
        }

        /** The client port on 127.0.0.1. */
        public int port() {
            return port;
        }

        /** {@code redis://127.0.0.1:<port>}. */
        public String uri() {
            return "redis://127.0.0.1:" + port;
        }

        /** The operating system's process id. */
        public long pid() {
            return process.pid();
        }

        /** Whether the process is still running. */
        public boolean alive() {
            return process != null && process.isAlive();
        }

        @Override
        public String toString() {
            return "127.0.0.1:" + port;
        }
    }

    private final Path root;
    private final List<Node> nodes = new ArrayList<>();
    private final Thread onExit = new Thread(this::stopAll, "redis-cluster-stop");

    private RedisCluster(Path root) {
        this.root = root;
    }

    private static RedisCluster shared;

    /**
     * One cluster for every test class of this JVM that asks for it (forming one takes seconds), started on first use
     * and stopped when the JVM exits. A test that kills or fails over a node must leave it healthy
     * ({@link #awaitHealthy}) for the next; keys of different tests stay apart by namespace, as on the shared Redis.
     */
    public static synchronized RedisCluster shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Starts six nodes, forms three masters with one replica each and waits until the cluster serves every slot. */
    public static RedisCluster start() {
        RedisCluster cluster;
        try {
            cluster = new RedisCluster(Files.createTempDirectory("gatehouse-redis-cluster-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(cluster.onExit);
        try {
            cluster.launch();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void launch() {
        for (int i = 0; i < 6; i++) {
            int port = FreePorts.take();
            Path dir = root.resolve(String.valueOf(port));
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Node node = new Node(port, FreePorts.take(), dir);
            nodes.add(node);
            spawn(node);
        }
        for (Node node : nodes) {
            awaitPong(node);
        }
        List<String> create = new ArrayList<>(List.of(CLI.toString(), "--cluster", "create"));
        nodes.forEach(n -> create.add(n.toString()));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String out = run(create, Duration.ofSeconds(30));
        if (!out.contains("[OK] All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create did not cover every slot:\n" + out);
        }
        awaitHealthy(FORMING);
    }

    private void spawn(Node node) {
        ProcessBuilder builder = new ProcessBuilder(SERVER.toString(),
                "--port", String.valueOf(node.port),
                "--cluster-port", String.valueOf(node.busPort),
                "--bind", "127.0.0.1",
                "--cluster-enabled", "yes",
                "--cluster-config-file", node.dir.resolve("nodes.conf").toString(),
                "--cluster-node-timeout", "2000",
                "--dir", node.dir.toString(),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--logfile", node.dir.resolve("redis.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(node.dir.resolve("stdout.log").toFile());
        try {
            node.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + SERVER, e);
        }
    }

    /** Every node, in start order. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The live nodes' addresses, comma separated ({@code redis://127.0.0.1:p1,redis://127.0.0.1:p2,...}). */
    public String seeds() {
        return nodes.stream().filter(Node::alive).map(Node::uri).collect(Collectors.joining(","));
    }

    /** The live nodes that serve slots now. */
    public List<Node> masters() {
        return withRole("master");
    }

    /** The live nodes that replicate a master now. */
    public List<Node> replicas() {
        return withRole("slave");
    }

    private List<Node> withRole(String role) {
        return nodes.stream().filter(Node::alive)
                .filter(n -> cli(n, "ROLE").lines().findFirst().orElse("").trim().equals(role))
                .toList();
    }

    /** The live master serving {@code key}'s slot now, as the cluster's own table says. */
    public Node masterOf(String key) {
        Node asked = anyAlive();
        long slot = Long.parseLong(cli(asked, "CLUSTER", "KEYSLOT", key).trim());
        for (String line : cli(asked, "CLUSTER", "NODES").lines().toList()) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail") && owns(line, slot)) {
                int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                return nodes.stream().filter(n -> n.port == port && n.alive()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("slot " + slot + "'s master " + port + " is down"));
            }
        }
        throw new IllegalStateException("no live master serves slot " + slot);
    }

    private static boolean owns(String nodesLine, long slot) {
        String[] fields = nodesLine.trim().split(" ");
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue;
            }
            String[] ends = range.split("-");
            long from = Long.parseLong(ends[0]);
            long to = ends.length > 1 ? Long.parseLong(ends[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    /** A live replica of {@code master}, as the cluster's own table says. */
    public Node replicaOf(Node master) {
        String id = cli(master, "CLUSTER", "MYID").trim();
        for (String line : cli(master, "CLUSTER", "NODES").lines().toList()) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 3 && fields[2].contains("slave") && fields[3].equals(id)) {
                int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                return nodes.stream().filter(n -> n.port == port && n.alive()).findFirst()
                        .orElseThrow(() -> new IllegalStateException(master + "'s replica " + port + " is down"));
            }
        }
        throw new IllegalStateException(master + " has no replica");
    }

    /** Kills the node's process with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill(Node node) {
        if (node.process == null) {
            return;
        }
        try {
            Runtime.getRuntime().exec(new String[] {"kill", "-KILL", String.valueOf(node.pid())}).waitFor();
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
     * Stops the node's process with SIGSTOP: it keeps its sockets but reads, writes and answers nothing (a replica
     * that has fallen behind, a process stalled by its machine) until {@link #thaw}. Freeze for less than the cluster's
     * node timeout (2 s) unless the test means the others to mark it failed.
     */
    public void freeze(Node node) {
        signal(node, "STOP");
    }

    /** Lets a {@link #freeze frozen} node run again (SIGCONT). */
    public void thaw(Node node) {
        signal(node, "CONT");
    }

    private static void signal(Node node, String signal) {
        try {
            int exit = Runtime.getRuntime().exec(new String[] {"kill", "-" + signal, String.valueOf(node.pid())})
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + node.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a killed node again on its port and directory; its {@code nodes.conf} makes it rejoin (a master that was
     * replaced comes back as a replica of its successor). Returns once the cluster is healthy with it.
     */
    public void restart(Node node) {
        if (node.alive()) {
            throw new IllegalStateException(node + " is running");
        }
        spawn(node);
        awaitPong(node);
        awaitHealthy(FORMING);
    }

    /**
     * Waits until {@code master}'s replica has acknowledged every write the master had taken when this was called.
     * Replication is asynchronous: a write a master acknowledged just before a SIGKILL may never reach the replica
     * that takes over, so a test that means to check a failover, not that window, waits here before it kills.
     */
    public void awaitReplicated(Node master) {
        long target = replicationField(master, "master_repl_offset");
        Node replica = replicaOf(master);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (replicationField(replica, "slave_repl_offset") < target) {
            pause(deadline, replica + " did not catch up with " + master + " to offset " + target);
        }
    }

    private long replicationField(Node node, String name) {
        for (String line : cli(node, "INFO", "replication").lines().toList()) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        return -1;
    }

    /**
     * Promotes {@code replica} over its master with {@code CLUSTER FAILOVER} (a coordinated hand-over, no write lost)
     * and waits until it answers as a master and the cluster is healthy again.
     */
    public void failover(Node replica) {
        long deadline = System.nanoTime() + FORMING.toNanos();
        // A manual failover the master does not take part in within five seconds is given up by the replica; ask again.
        while (true) {
            String answer = cli(replica, "CLUSTER", "FAILOVER").trim();
            if (!answer.equals("OK")) {
                throw new IllegalStateException(replica + " refused CLUSTER FAILOVER: " + answer);
            }
            long attempt = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (!cli(replica, "ROLE").startsWith("master") && System.nanoTime() < attempt) {
                pause(deadline, replica + " did not become a master: " + log(replica));
            }
            if (cli(replica, "ROLE").startsWith("master")) {
                break;
            }
        }
        awaitHealthy(FORMING);
    }

    /**
     * Waits until every live node reports {@code cluster_state:ok} and the live masters serve all 16384 slots, as
     * after forming, a failover or a killed master's replica taking over, and every live replica's link to its master
     * is up (a replica still syncing refuses a manual failover).
     */
    public void awaitHealthy(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!healthy()) {
            pause(deadline, "the cluster did not become healthy:\n" + cli(anyAlive(), "CLUSTER", "NODES"));
        }
    }

    private boolean healthy() {
        for (Node n : nodes) {
            if (n.alive()) {
                String info = cli(n, "CLUSTER", "INFO");
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384")) {
                    return false;
                }
                String replication = cli(n, "INFO", "replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Runs {@code redis-cli -p <node> args...} and returns what it printed (errors included). */
    public String cli(Node node, String... args) {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(node.port)));
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(10));
    }

    private Node anyAlive() {
        return nodes.stream().filter(Node::alive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node is running"));
    }

    private void awaitPong(Node node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cli(node, "PING").trim().equals("PONG")) {
            if (!node.alive()) {
                throw new IllegalStateException(node + " exited at start: " + log(node));
            }
            pause(deadline, node + " did not answer PING: " + log(node));
        }
    }

    private static String log(Node node) {
        try {
            return Files.readString(node.dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void pause(long deadline, String message) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(message);
        }
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeout);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops every node (SIGKILL: nothing is kept on disk, so there is nothing to flush) and deletes the directories. */
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
        for (Node n : nodes) {
            if (n.process != null && n.process.isAlive()) {
                n.process.destroyForcibly();
            }
        }
        for (Node n : nodes) {
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
