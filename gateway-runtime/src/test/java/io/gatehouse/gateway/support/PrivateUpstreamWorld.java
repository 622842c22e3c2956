package io.gatehouse.gateway.support;

import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** A gateway with {@code gatehouse.upstreams.allow-private=false}, in {@link PrivateUpstreamWorldResource}'s world. */
public class PrivateUpstreamWorld implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gatehouse.upstreams.allow-private", "false");
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateUpstreamWorldResource.class),
                new TestResourceEntry(RedisNamespaceResource.class));
    }
}
