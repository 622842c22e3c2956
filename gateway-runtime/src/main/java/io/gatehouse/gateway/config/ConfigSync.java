package io.gatehouse.gateway.config;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps {@link ActiveConfig} up to date: loads a config at start (from management, else from
 * the disk copy), then applies newer versions when Redis announces them or the periodic version
 * check finds one. Parsing, compiling and disk writes run on worker threads; nothing here blocks
 * an event loop. Fetches never overlap: a request for a refresh during one runs right after it.
 */
@ApplicationScoped
public class ConfigSync {

    private static final Logger LOG = Logger.getLogger(ConfigSync.class);
    /**
     * Revocations applied from announcements on top of one fetched snapshot, at most; past this the next one is
     * fetched with the snapshot, which starts afresh (a lookup checks the excluded set on every request).
     */
    static final int MAX_EXCLUDED_KEYS = 10_000;

    private final Vertx vertx;
    private final GatewaySettings settings;
    private final ManagementClient management;
    private final SnapshotDiskCopy diskCopy;
    private final ActiveConfig active;
    private final ConfigChangeListener changes;
    private final NodeReporter reporter;
    private final Clock clock;
    private final SnapshotCompiler compiler;

    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private final AtomicBoolean refreshRunning = new AtomicBoolean();
    private final AtomicBoolean diskCopyTried = new AtomicBoolean();
    private final AtomicBoolean managementReachable = new AtomicBoolean(true);
    private volatile long pollTimer = -1;

    public ConfigSync(Vertx vertx, GatewaySettings settings, ManagementClient management, SnapshotDiskCopy diskCopy,
                      ActiveConfig active, ConfigChangeListener changes, NodeReporter reporter, Clock clock,
                      SnapshotCompiler compiler) {
        this.vertx = vertx;
        this.settings = settings;
        this.management = management;
        this.diskCopy = diskCopy;
        this.active = active;
        this.changes = changes;
        this.reporter = reporter;
        this.clock = clock;
        this.compiler = compiler;
    }

    void onStart(@Observes StartupEvent event) {
        requireSet(settings.keyPepper(), "gatehouse.key-pepper", "GATEHOUSE_KEY_PEPPER",
                "the pepper management hashes API keys with");
        requireSet(settings.gatewayToken(), "gatehouse.gateway-token", "GATEHOUSE_GATEWAY_TOKEN",
                "the bearer token management expects from gateways");
        LOG.infof("gateway config: management %s, disk copy %s, poll every %s",
                management.baseUrl(), diskCopy.file().toAbsolutePath(), settings.gateway().pollInterval());
        refresh();
        long pollMs = Math.max(100, settings.gateway().pollInterval().toMillis());
        pollTimer = vertx.setPeriodic(pollMs, pollMs, id -> checkVersion());
        changes.start(this::onAnnouncement, this::checkVersion);
        reporter.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        changes.stop();
        reporter.stop();
    }

    /**
     * Called with each announcement on the change channel (on an event loop). A revocation announced with its version
     * is applied at once when this node is at the version before it: its keys leave a copy of the config in force
     * (sharing everything else), which is reported and kept on disk. Any other newer version is fetched.
     */
    void onAnnouncement(Announcement announcement) {
        long version = announcement.version();
        CompiledConfig current = active.current();
        if (current != null && version <= current.version()) {
            return;
        }
        if (current != null && version == current.version() + 1 && !announcement.revokedKeys().isEmpty()
                && current.keysExcluded() + announcement.revokedKeys().size() <= MAX_EXCLUDED_KEYS) {
            CompiledConfig next = current.withoutKeys(version, announcement.revokedKeys());
            if (active.applyIfNewer(next, clock.instant())) {
                LOG.infof("applied config version %d from its announcement: %d key(s) revoked", version,
                        announcement.revokedKeys().size());
                reporter.report();
                vertx.executeBlocking(() -> {
                    diskCopy.appendRevocation(announcement);
                    return null;
                }, false).onFailure(e -> LOG.warnf("could not keep revocation %d in the disk copy %s: %s", version,
                        diskCopy.file(), e.toString()));
                return;
            }
        }
        LOG.debugf("version %d announced (applied: %d)", version, active.version());
        refresh();
    }

    /** Asks management for its version and fetches the snapshot if it is newer than ours. */
    void checkVersion() {
        management.fetchVersion().onComplete(ar -> {
            if (ar.failed()) {
                managementUnreachable(ar.cause());
                return;
            }
            managementReachable();
            if (ar.result() > active.version()) {
                refresh();
            }
        });
    }

    /** Fetches and applies the snapshot, unless a fetch is running, in which case it runs once more after. */
    void refresh() {
        refreshPending.set(true);
        drain();
    }

    private void drain() {
        if (!refreshPending.get() || !refreshRunning.compareAndSet(false, true)) {
            return;
        }
        refreshPending.set(false);
        CompiledConfig current = active.current();
        Future<Boolean> step = current != null && current.snapshot().isPresent()
                ? management.fetchChanges(current.version()).compose(changes -> applyChanges(current, changes))
                : fetchSnapshot(current);
        step.onComplete(ar -> {
                    if (ar.failed()) {
                        managementUnreachable(ar.cause());
                        if (active.current() == null) {
                            loadDiskCopy();
                        }
                    } else {
                        managementReachable();
                    }
                    refreshRunning.set(false);
                    drain();
                });
    }

    /** Fetches the snapshot into a file beside the disk copy and applies it; the file becomes the disk copy. */
    private Future<Boolean> fetchSnapshot(CompiledConfig current) {
        return vertx.executeBlocking(diskCopy::newFetchFile, false).compose(target ->
                management.fetchSnapshot(current == null ? null : current.version(), target)
                        .compose(fetched -> fetched ? apply(target, true) : Future.succeededFuture(false))
                        .andThen(ar -> vertx.executeBlocking(() -> Files.deleteIfExists(target), false)));
    }

    /**
     * Applies what management answered for the changes after {@code current}'s version: a delta is applied to the
     * snapshot {@code current} holds, compiled off the event loop and swapped in whole; when no delta reaches this
     * version, or the delta cannot be applied (it does not start at this version, or is unreadable), the snapshot is
     * fetched instead.
     */
    private Future<Boolean> applyChanges(CompiledConfig current, ManagementClient.Changes changes) {
        if (changes instanceof ManagementClient.Changes.Current) {
            return Future.succeededFuture(false);
        }
        if (!(changes instanceof ManagementClient.Changes.Delta delta)) {
            LOG.infof("no delta reaches version %d: fetching the snapshot", current.version());
            return fetchSnapshot(current);
        }
        byte[] json = delta.json().getBytes();
        long started = System.nanoTime();
        return vertx.executeBlocking(() -> {
            SnapshotDelta d = compiler.readDelta(json);
            if (d.from() != current.version()) {
                throw new InvalidSnapshotException("the delta starts at version " + d.from() + ", not at "
                        + current.version());
            }
            Snapshot merged = d.applyTo(current.snapshot().orElseThrow());
            CompiledConfig compiled = compiler.compile(merged);
            if (compiled.version() <= active.version()) {
                return null;
            }
            // The keys this delta removes are kept beside the disk copy before the swap (one fsynced line), as an
            // announced revocation is: the disk copy itself is written after the swap, and a node that dies before
            // that write ends and restarts without management must still refuse them.
            List<String> removedKeys = d.removed() == null || d.removed().keys() == null ? List.of() : d.removed().keys();
            if (!removedKeys.isEmpty()) {
                diskCopy.appendRevocation(new Announcement(compiled.version(), removedKeys));
            }
            return compiled;
        }, false).map(compiled -> {
            if (compiled == null || !active.applyIfNewer(compiled, clock.instant())) {
                return false;
            }
            LOG.infof("applied config version %d from a delta of %d bytes in %d ms", compiled.version(), json.length,
                    (System.nanoTime() - started) / 1_000_000);
            compiled.warnings().forEach(w -> LOG.warnf("config version %d: %s", compiled.version(), w));
            reporter.report();
            // The disk copy after the swap: serving the new config matters more, and writing a million keys takes
            // seconds. An older version's write that ends after a newer one's is skipped (SnapshotDiskCopy).
            Snapshot merged = compiled.snapshot().orElseThrow();
            vertx.executeBlocking(() -> {
                diskCopy.save(compiled.version(), out -> compiler.write(merged, out));
                return null;
            }, false).onFailure(e -> LOG.warnf("could not write the disk copy %s: %s", diskCopy.file(), e.toString()));
            return true;
        }).recover(e -> {
            LOG.warnf("could not apply the delta after version %d (%s): fetching the snapshot", current.version(),
                    e.getMessage());
            return fetchSnapshot(current);
        });
    }

    /**
     * The version and digest of the config in force ({@code config-digest}), computed on a worker thread; empty when
     * no config is loaded.
     */
    public Future<java.util.Optional<Digest>> digest() {
        CompiledConfig current = active.current();
        if (current == null || current.snapshot().isEmpty()) {
            return Future.succeededFuture(java.util.Optional.empty());
        }
        return vertx.executeBlocking(() -> java.util.Optional.of(new Digest(current.version(),
                compiler.digest(current.snapshot().orElseThrow()))), false);
    }

    /** A config version and its digest. */
    public record Digest(long version, String digest) {
    }

    private void loadDiskCopy() {
        if (!diskCopyTried.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> diskCopy.existing().orElse(null), false)
                .compose(file -> file == null ? Future.succeededFuture((Boolean) null) : apply(file, false))
                .compose(applied -> Boolean.TRUE.equals(applied) ? applyKeptRevocations().map(applied) : Future.succeededFuture(applied))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.errorf("the disk copy %s is unusable: %s", diskCopy.file(), ar.cause().getMessage());
                    } else if (ar.result() == null) {
                        LOG.warnf("no disk copy at %s: answering 503 until management can be reached", diskCopy.file());
                    } else if (ar.result()) {
                        LOG.warnf("serving config version %d from the disk copy until management can be reached",
                                active.version());
                    }
                });
    }

    /**
     * After the disk copy was loaded: the revocations this node applied from announcements after that snapshot. One
     * that follows the version in force moves it on; one after a gap (a change this node fetched whole and did not
     * keep, which cannot happen unless the disk copy could not be written) still removes its keys, at the same version.
     */
    private Future<Void> applyKeptRevocations() {
        long from = active.version();
        return vertx.executeBlocking(() -> diskCopy.revocationsAfter(from), false).map(revocations -> {
            for (Announcement r : revocations) {
                CompiledConfig current = active.current();
                long version = r.version() == current.version() + 1 ? r.version() : current.version();
                CompiledConfig next = current.withoutKeys(version, r.revokedKeys());
                if (version > current.version()) {
                    active.applyIfNewer(next, clock.instant());
                } else {
                    active.replace(current, next, clock.instant());
                }
            }
            if (!revocations.isEmpty()) {
                LOG.warnf("applied %d revocation(s) kept beside the disk copy: serving version %d", revocations.size(),
                        active.version());
            }
            return null;
        });
    }

    /**
     * Compiles the snapshot in {@code json} off the event loop and swaps it in when it is newer; {@code fetched}: the
     * file was just fetched, and becomes the disk copy.
     */
    private Future<Boolean> apply(java.nio.file.Path json, boolean fetched) {
        return vertx.executeBlocking(() -> {
            CompiledConfig compiled = compiler.compile(json);
            if (compiled.version() <= active.version()) {
                return null;
            }
            if (fetched) {
                try {
                    diskCopy.adopt(compiled.version(), json);
                } catch (IOException e) {
                    // Serving the new config matters more than keeping the disk copy fresh.
                    LOG.warnf("could not write the disk copy %s: %s", diskCopy.file(), e.toString());
                }
            }
            return compiled;
        }, false).map(compiled -> {
            if (compiled == null || !active.applyIfNewer(compiled, clock.instant())) {
                return false;
            }
            LOG.infof("applied config version %d", compiled.version());
            compiled.warnings().forEach(w -> LOG.warnf("config version %d: %s", compiled.version(), w));
            reporter.report();
            return true;
        }).onFailure(e -> {
            if (e instanceof InvalidSnapshotException) {
                LOG.errorf("rejected a snapshot, keeping version %d: %s", active.version(), e.getMessage());
            }
        });
    }

    private void managementUnreachable(Throwable cause) {
        if (managementReachable.compareAndSet(true, false)) {
            LOG.warnf("management at %s is unreachable, retrying every %s: %s", management.baseUrl(),
                    settings.gateway().pollInterval(), cause.getMessage());
        }
    }

    private void managementReachable() {
        if (managementReachable.compareAndSet(false, true)) {
            LOG.infof("management at %s is reachable again", management.baseUrl());
        }
    }

    private static void requireSet(String value, String key, String env, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " is not set: set " + env + " to " + what);
        }
    }
}
