package io.gatehouse.e2e;

import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a test class started, closed in reverse order when the class is done. A test registers each service, process,
 * upstream or Vert.x instance as it starts it ({@code management = closer.add(new ServiceProcess(...).start())}), so a
 * set-up that fails half-way still closes what it did start, and the last started goes first (gateways before the
 * management they ask, management before the upstream). A resource that fails to close does not keep the others open:
 * every one is closed, and the first failure is thrown with the later ones suppressed on it.
 *
 * <p>A resource may be registered again after a restart (the new process under the same field); closing a stopped
 * {@link ServiceProcess} again does nothing.
 */
final class Closer implements AutoCloseable {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Registers {@code resource} to be closed before everything registered earlier; returns it. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        resources.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    /** Registers a Vert.x instance, closed and waited for (10 s at most) in its turn; returns it. */
    Vertx add(Vertx vertx) {
        Objects.requireNonNull(vertx, "vertx");
        add(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return vertx;
    }

    /** Closes everything registered, last first, even when one fails; throws the first failure, the rest suppressed. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        AutoCloseable next;
        while ((next = poll()) != null) {
            try {
                next.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private synchronized AutoCloseable poll() {
        return resources.poll();
    }
}
