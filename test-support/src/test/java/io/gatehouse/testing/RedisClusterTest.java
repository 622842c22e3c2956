package io.gatehouse.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisClusterTest {

    @Test
    void forms_three_masters_with_a_replica_each_answers_fails_over_survives_a_killed_master_and_leaves_no_process_behind() {
        List<Long> pids;
        try (RedisCluster cluster = RedisCluster.start()) {
            pids = cluster.nodes().stream().map(RedisCluster.Node::pid).toList();
            assertEquals(6, pids.size());
            assertEquals(3, cluster.masters().size(), "three masters");
            assertEquals(3, cluster.replicas().size(), "three replicas");
            assertEquals(6, cluster.seeds().split(",").length);

            // Keys land on different masters; -c follows the MOVED answers as any cluster client does.
            RedisCluster.Node first = cluster.nodes().get(0);
            for (String key : List.of("a", "b", "c", "{sub-1}:w", "{sub-1}:d")) {
                assertEquals("OK", cluster.cli(first, "-c", "SET", key, "v-" + key).trim());
                assertEquals("v-" + key, cluster.cli(first, "-c", "GET", key).trim());
            }
            assertEquals(cluster.masterOf("{sub-1}:w"), cluster.masterOf("{sub-1}:d"), "one hash tag, one slot");

            // A coordinated failover: the replica of a's master takes its place and a is still there.
            RedisCluster.Node oldMaster = cluster.masterOf("a");
            RedisCluster.Node replica = cluster.replicaOf(oldMaster);
            cluster.failover(replica);
            assertEquals(replica, cluster.masterOf("a"));
            assertEquals("v-a", cluster.cli(first, "-c", "GET", "a").trim());

            // A crash: SIGKILL the master of b; its replica is elected and the cluster is whole again.
            RedisCluster.Node crashed = cluster.masterOf("b");
            // b's SET was acknowledged by the master only (replication is asynchronous): let the replica have it first.
            cluster.awaitReplicated(crashed);
            cluster.kill(crashed);
            assertFalse(crashed.alive());
            cluster.awaitHealthy(Duration.ofSeconds(30));
            assertNotEquals(crashed, cluster.masterOf("b"));
            assertEquals("v-b", cluster.cli(cluster.masterOf("b"), "-c", "GET", "b").trim());
            assertEquals(3, cluster.masters().size());

            // The crashed node comes back as a replica, and the cluster has six nodes again.
            cluster.restart(crashed);
            assertTrue(crashed.alive());
            assertEquals(3, cluster.replicas().size(), "the restarted node replicates its successor");
            assertEquals("v-b", cluster.cli(crashed, "-c", "GET", "b").trim());
        }
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "redis-server " + pid + " stopped");
        }
    }
}
