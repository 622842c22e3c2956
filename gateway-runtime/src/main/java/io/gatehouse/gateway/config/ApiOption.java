package io.gatehouse.gateway.config;

import io.gatehouse.gateway.pipeline.ExchangeConfig;

import java.util.Objects;
import java.util.function.Function;

/**
 * A per-API option and how it is compiled from the snapshot's API entry. The feature that reads the option declares
 * it as a constant next to its record (as {@code CorsRules.OPTION}) and lists it in {@link ApiOptionOwner#apiOptions()};
 * the {@link SnapshotCompiler} compiles it once per snapshot for every API, and a request reads it with
 * {@code exchange.config().option(apiId, OPTION)}.
 *
 * @param <T> the compiled setting
 */
public final class ApiOption<T> extends ExchangeConfig.Option<T> {

    private final Function<Snapshot.Api, T> compile;

    private ApiOption(String name, T fallback, Function<Snapshot.Api, T> compile) {
        super(name, fallback);
        this.compile = Objects.requireNonNull(compile, "compile");
    }

    /**
     * @param name     the option's name in the snapshot, for messages
     * @param fallback what an API that does not set the option gets; may be {@code null} ("off")
     * @param compile  the API entry → the setting, or {@code null} for the fallback. It may throw
     *                 {@link IllegalArgumentException} with a message a person can act on: the API is then left out of
     *                 the config with that warning, never served without the setting it asked for
     */
    public static <T> ApiOption<T> of(String name, T fallback, Function<Snapshot.Api, T> compile) {
        return new ApiOption<>(name, fallback, compile);
    }

    /** The setting of {@code api}, or {@code null} for the fallback. */
    T compile(Snapshot.Api api) {
        return compile.apply(api);
    }
}
