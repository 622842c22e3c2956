package io.gatehouse.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for processes a test starts, chosen before they bind. Two things went wrong with {@code new ServerSocket(0)}:
 * it can answer the same port twice in one JVM once the probe socket is closed (a service's public and management
 * ports were once the same), and its ports come from the kernel's ephemeral range, where any process's outgoing
 * connection may take the port between the probe and the bind (seen with several builds on one machine). So a port
 * here is taken at random below the ephemeral range, checked bindable on every address, and never handed out twice
 * in this JVM.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int LOWEST = 10_000;

    private FreePorts() {
    }

    /** A port that is free now, outside the ephemeral range when the kernel says where that is. */
    public static int take() {
        int below = ephemeralRangeStart();
        if (below - LOWEST >= 2_000) {
            for (int attempt = 0; attempt < 500; attempt++) {
                int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
                if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket probe = new ServerSocket(0)) {
                if (HANDED_OUT.add(probe.getLocalPort())) {
                    return probe.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free port", e);
            }
        }
        throw new IllegalStateException("no free port that was not handed out before");
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        try {
            // One line, "32768\t60999"; read as a line: a /proc file reports size 0, which whole-file reads trip on.
            try (var reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException unknown) {
            return LOWEST;
        }
    }
}
