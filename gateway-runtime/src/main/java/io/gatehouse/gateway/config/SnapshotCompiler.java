package io.gatehouse.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gatehouse.gateway.policy.auth.KeyDirectory;
import io.gatehouse.gateway.policy.auth.SnapshotKeyDirectory;
import io.gatehouse.gateway.policy.jwt.ClientApplications;
import io.gatehouse.gateway.policy.ratelimit.Plans;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.policy.subscription.SubscriptionIndex;
import io.gatehouse.gateway.proxy.Upstream;
import io.gatehouse.gateway.usage.Organizations;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns snapshot JSON into a {@link CompiledConfig}. Pure: no I/O, no clock, safe to call from
 * any thread (but call it off the event loop: parsing a large snapshot takes time).
 *
 * <p>It only assembles: each feature compiles its own part of the snapshot ({@code RouteTable}, {@code Plans},
 * {@code SnapshotKeyDirectory}, …) and its per-API {@link ApiOption options}. The options it compiles are the ones it
 * was made with: those of the policy chain and of the proxy, upstream and access log ({@code GatewayWiring}).
 *
 * <p>Only a snapshot that is not JSON or has no version is rejected. A bad entry (a route
 * without targets, a malformed key hash) is skipped with a warning instead, because refusing the
 * whole snapshot would also hold back unrelated changes such as key revocations.
 */
public final class SnapshotCompiler {

    private final List<ApiOption<?>> options;

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    /** A compiler of the config-wide parts and of {@code options} (each once). */
    public SnapshotCompiler(Collection<? extends ApiOption<?>> options) {
        this.options = List.copyOf(new java.util.LinkedHashSet<>(options));
    }

    /** The per-API options this compiles, in order. */
    public List<ApiOption<?>> options() {
        return options;
    }

    public CompiledConfig compile(byte[] json) {
        return compile(read(json));
    }

    /** Compiles the snapshot in a file, read as a stream (blocking). */
    public CompiledConfig compile(java.nio.file.Path json) {
        return compile(read(json));
    }

    /** Reads snapshot JSON without compiling it. */
    Snapshot read(byte[] json) {
        return read(() -> mapper.readValue(json, Snapshot.class));
    }

    /** Reads snapshot JSON from a file, as a stream, without compiling it. */
    Snapshot read(java.nio.file.Path json) {
        return read(() -> mapper.readValue(json.toFile(), Snapshot.class));
    }

    private interface Reader {
        Snapshot read() throws IOException;
    }

    private static Snapshot read(Reader reader) {
        Snapshot snapshot;
        try {
            snapshot = reader.read();
        } catch (JsonProcessingException e) {
            throw new InvalidSnapshotException("the snapshot is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidSnapshotException("the snapshot could not be read: " + e.getMessage(), e);
        }
        if (snapshot == null) {
            throw new InvalidSnapshotException("the snapshot is empty");
        }
        return snapshot;
    }

    /** Reads a delta's JSON (see {@link SnapshotDelta}). */
    SnapshotDelta readDelta(byte[] json) {
        try {
            SnapshotDelta delta = mapper.readValue(json, SnapshotDelta.class);
            if (delta == null || delta.version() == null || delta.from() == null) {
                throw new InvalidSnapshotException("the delta has no 'from' or 'version'");
            }
            return delta;
        } catch (IOException e) {
            throw new InvalidSnapshotException("the delta is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Writes a snapshot as the JSON management would send to a stream (the disk copy), leaving it open. */
    void write(Snapshot snapshot, java.io.OutputStream out) throws IOException {
        mapper.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, snapshot);
    }

    /** The config digest of a snapshot, computed as management computes it ({@code config-digest}). */
    String digest(Snapshot snapshot) {
        return io.gatehouse.configdigest.ConfigDigest.of(mapper.valueToTree(snapshot));
    }

    public CompiledConfig compile(Snapshot snapshot) {
        if (snapshot.version() == null || snapshot.version() < 0) {
            throw new InvalidSnapshotException("the snapshot has no 'version' (a number >= 0)");
        }
        List<String> warnings = new ArrayList<>();
        CompiledConfig.Builder config = CompiledConfig.builder(snapshot.version()).generatedAt(snapshot.generatedAt());
        List<Route> routes = new ArrayList<>();
        for (Snapshot.Api api : nonNull(snapshot.apis())) {
            compileApi(api, config, routes, warnings);
        }
        config.part(RouteTable.PART, RouteTable.of(routes));
        Plans plans = Plans.of(nonNull(snapshot.plans()), warnings);
        Set<String> declaredPlans = new HashSet<>();
        nonNull(snapshot.plans()).forEach(p -> declaredPlans.add(p.id()));
        config.part(Plans.PART, plans)
                .part(KeyDirectory.PART, SnapshotKeyDirectory.of(nonNull(snapshot.keys()), warnings))
                .part(SubscriptionIndex.PART, SubscriptionIndex.of(nonNull(snapshot.subscriptions()),
                        planId -> declaredPlans.contains(planId) && !plans.has(planId), warnings))
                .part(Organizations.PART, Organizations.of(nonNull(snapshot.applications())))
                .part(ClientApplications.PART, ClientApplications.of(nonNull(snapshot.applications()), warnings));
        return config.warnings(warnings).build().compiledFrom(snapshot);
    }

    private void compileApi(Snapshot.Api api, CompiledConfig.Builder config, List<Route> routes, List<String> warnings) {
        String label = "api '" + (api.slug() != null ? api.slug() : api.id()) + "'";
        if (isBlank(api.id())) {
            warnings.add(label + " skipped: it has no id");
            return;
        }
        Upstream upstream = Upstream.of(nonNull(api.targets()), label, warnings);
        if (upstream == null) {
            if (!nonNull(api.routes()).isEmpty()) {
                warnings.add(label + " skipped: it has routes but no usable target");
            }
            return;
        }
        List<Object> values = new ArrayList<>(options.size());
        try {
            for (ApiOption<?> option : options) {
                values.add(option.compile(api));
            }
        } catch (RuntimeException e) {
            // Its routes are left out rather than served without the CORS, address or health rules it asked for.
            warnings.add(label + " skipped: " + e.getMessage());
            return;
        }
        config.option(api.id(), Upstream.OPTION, upstream);
        for (int i = 0; i < options.size(); i++) {
            set(config, api.id(), options.get(i), values.get(i));
        }
        for (Snapshot.RouteEntry entry : nonNull(api.routes())) {
            try {
                routes.add(Route.of(api.id(), entry));
            } catch (IllegalArgumentException | NullPointerException e) {
                warnings.add(label + ": route " + entry.id() + " skipped: " + e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(CompiledConfig.Builder config, String apiId, ApiOption<T> option, Object value) {
        config.option(apiId, option, (T) value);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
