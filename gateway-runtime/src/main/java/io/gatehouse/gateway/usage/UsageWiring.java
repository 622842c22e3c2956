package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.config.GatewaySettings;
import io.gatehouse.gateway.config.NodeIdentity;
import io.gatehouse.gateway.redis.RedisTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the {@link UsageRecorder} from {@link UsageSettings}, starts it with the application (which also starts
 * replaying a spool an earlier process left) and flushes it at shutdown.
 */
@ApplicationScoped
public class UsageWiring {

    private static final Logger LOG = Logger.getLogger(UsageWiring.class);

    @Produces
    @Singleton
    UsageRecorder usageRecorder(UsageSettings settings, GatewaySettings gateway, NodeIdentity node, Redis redis,
                                Vertx vertx, MeterRegistry registry) {
        check(settings.bufferCapacity() >= 1, "gatehouse.usage.buffer-capacity must be at least 1");
        check(settings.batchSize() >= 1 && settings.batchSize() <= 500,
                "gatehouse.usage.batch-size must be between 1 and 500 (the contract allows 500 events per entry)");
        check(settings.flushInterval().toMillis() >= 1, "gatehouse.usage.flush-interval must be at least 1ms");
        check(settings.sendTimeout().toMillis() >= 1, "gatehouse.usage.send-timeout must be at least 1ms");
        check(settings.streamMaxLength() >= 1, "gatehouse.usage.stream-max-length must be at least 1");
        check(settings.streamShards() >= 1 && settings.streamShards() <= RedisStreamSender.MAX_SHARDS,
                "gatehouse.usage.stream-shards (GATEHOUSE_USAGE_STREAM_SHARDS) must be from 1 to "
                        + RedisStreamSender.MAX_SHARDS + ", not " + settings.streamShards());
        check(settings.spool().replayInterval().toMillis() >= 1, "gatehouse.usage.spool.replay-interval must be at least 1ms");
        long maxBytes = settings.spool().maxSize().asLongValue();
        check(maxBytes >= 1, "gatehouse.usage.spool.max-size must be more than 0 bytes");
        check(settings.journal().segmentSize().asLongValue() >= 4096,
                "gatehouse.usage.journal.segment-size must be at least 4K");
        UsageRecorder.Options options = new UsageRecorder.Options(settings.bufferCapacity(), settings.batchSize(),
                settings.flushInterval(), settings.spool().replayInterval());
        Path dir = Path.of(settings.spool().dir().filter(d -> !d.isBlank())
                .orElseGet(() -> Path.of(gateway.gateway().dataDir(), "usage-spool").toString()));
        UsageSpool spool;
        try {
            spool = UsageSpool.open(dir, maxBytes, Math.min(UsageSpool.DEFAULT_SEGMENT_BYTES, maxBytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage spool " + dir.toAbsolutePath()
                    + ": make it writable or set gatehouse.usage.spool.dir", e);
        }
        Path journalDir = Path.of(settings.journal().dir().filter(d -> !d.isBlank())
                .orElseGet(() -> Path.of(gateway.gateway().dataDir(), "usage-journal").toString()));
        UsageJournal journal;
        try {
            journal = UsageJournal.open(journalDir, settings.journal().segmentSize().asLongValue());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage journal " + journalDir.toAbsolutePath()
                    + ": make it writable or set gatehouse.usage.journal.dir", e);
        }
        RedisStreamSender.ReplicaAcks acks = replicaAcks(settings.replicaAcks(), settings.replicaAckTimeout(),
                settings.sendTimeout(), RedisTopology.of(ConfigProvider.getConfig()).mode());
        RedisStreamSender sender = new RedisStreamSender(redis, vertx,
                RedisStreamSender.streamKeys(gateway.redisNamespace(), settings.streamShards()),
                settings.streamMaxLength(), settings.sendTimeout(), acks);
        LOG.infof("usage events: journal %s, stream shards %s, batches of up to %d every %s, %s, spool %s "
                        + "(max %d bytes)", journalDir.toAbsolutePath(), sender.keys(), options.batchSize(),
                options.flushInterval(), acks.on() ? "kept until " + acks.replicas() + " replica(s) acknowledged "
                        + "them within " + acks.timeout().toMillis() + " ms" : "no replica acknowledgement awaited",
                dir.toAbsolutePath(), maxBytes);
        return new UsageRecorder(node.nodeId(), options, sender, spool, journal, new UsageMetrics(registry));
    }

    /**
     * The replicas each batch waits for: as configured, else 1 where Redis has replicas to fail over to (cluster,
     * sentinel) and 0 on a standalone Redis.
     */
    static RedisStreamSender.ReplicaAcks replicaAcks(Optional<Integer> configured, Duration ackTimeout,
                                                     Duration sendTimeout, RedisClientType mode) {
        int replicas = configured.orElse(mode == RedisClientType.STANDALONE ? 0 : 1);
        check(replicas >= 0, "gatehouse.usage.replica-acks (GATEHOUSE_USAGE_REPLICA_ACKS) must be 0 (off) or more, "
                + "not " + replicas);
        if (replicas == 0) {
            return RedisStreamSender.ReplicaAcks.NONE;
        }
        check(ackTimeout.toMillis() >= 1 && ackTimeout.compareTo(sendTimeout) < 0,
                "gatehouse.usage.replica-ack-timeout must be at least 1ms and shorter than gatehouse.usage.send-timeout ("
                        + sendTimeout.toMillis() + " ms), not " + ackTimeout.toMillis() + " ms");
        return new RedisStreamSender.ReplicaAcks(replicas, ackTimeout);
    }

    private static void check(boolean valid, String message) {
        if (!valid) {
            throw new IllegalStateException(message);
        }
    }

    void onStart(@Observes StartupEvent event, UsageRecorder recorder) {
        recorder.start();
    }

    void onStop(@Observes ShutdownEvent event, UsageRecorder recorder, UsageSettings settings) {
        recorder.close(settings.shutdownTimeout());
    }
}
