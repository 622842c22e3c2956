package io.gatehouse.gateway.support;

import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** A gateway in {@link ObservedWorldResource}'s world (OpenTelemetry off, as by default). */
public class ObservedWorld implements QuarkusTestProfile {

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ObservedWorldResource.class),
                new TestResourceEntry(RedisNamespaceResource.class));
    }
}
