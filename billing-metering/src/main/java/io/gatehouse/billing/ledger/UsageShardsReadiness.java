package io.gatehouse.billing.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Not ready while a gateway writes usage stream shards this instance does not read
 * ({@code GATEHOUSE_USAGE_STREAM_SHARDS} smaller here than on a gateway): their entries wait unread, so nothing is
 * billed from them until the setting is raised. Failing readiness makes the mistake stop a rollout instead of
 * showing up at period close. Reads what the consumer's last sample found (every 10 s); never calls Redis itself.
 */
@Readiness
@ApplicationScoped
public class UsageShardsReadiness implements HealthCheck {

    private final LedgerConsumer consumer;
    private final UsageStream stream;

    public UsageShardsReadiness(LedgerConsumer consumer, UsageStream stream) {
        this.consumer = consumer;
        this.stream = stream;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> unread = consumer.unreadShards();
        return HealthCheckResponse.named("usage-stream-shards")
                .status(unread.isEmpty())
                .withData("reads", stream.keys().size())
                .withData("unread", String.join(",", unread))
                .build();
    }
}
