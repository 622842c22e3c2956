package io.gatehouse.gateway.usage;

import io.vertx.redis.client.RedisClientType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How many replicas a usage batch waits for, by Redis mode and setting. */
class UsageWiringTest {

    private static final Duration ACK = Duration.ofMillis(200);
    private static final Duration SEND = Duration.ofMillis(500);

    @Test
    void a_standalone_redis_has_no_replica_to_wait_for_by_default() {
        assertEquals(RedisStreamSender.ReplicaAcks.NONE,
                UsageWiring.replicaAcks(Optional.empty(), ACK, SEND, RedisClientType.STANDALONE));
    }

    @Test
    void cluster_and_sentinel_mode_wait_for_one_replica_by_default() {
        for (RedisClientType mode : new RedisClientType[] {RedisClientType.CLUSTER, RedisClientType.SENTINEL}) {
            assertEquals(new RedisStreamSender.ReplicaAcks(1, ACK),
                    UsageWiring.replicaAcks(Optional.empty(), ACK, SEND, mode), mode.name());
        }
    }

    @Test
    void the_setting_wins_over_the_mode_and_zero_turns_the_wait_off() {
        assertEquals(new RedisStreamSender.ReplicaAcks(2, ACK),
                UsageWiring.replicaAcks(Optional.of(2), ACK, SEND, RedisClientType.STANDALONE));
        assertEquals(RedisStreamSender.ReplicaAcks.NONE,
                UsageWiring.replicaAcks(Optional.of(0), ACK, SEND, RedisClientType.CLUSTER));
    }

    @Test
    void a_wait_as_long_as_the_send_timeout_or_a_negative_count_stops_the_start_with_the_key_named() {
        IllegalStateException tooLong = assertThrows(IllegalStateException.class,
                () -> UsageWiring.replicaAcks(Optional.empty(), SEND, SEND, RedisClientType.CLUSTER));
        assertTrue(tooLong.getMessage().contains("gatehouse.usage.replica-ack-timeout"), tooLong.getMessage());
        IllegalStateException negative = assertThrows(IllegalStateException.class,
                () -> UsageWiring.replicaAcks(Optional.of(-1), ACK, SEND, RedisClientType.CLUSTER));
        assertTrue(negative.getMessage().contains("GATEHOUSE_USAGE_REPLICA_ACKS"), negative.getMessage());
    }
}
