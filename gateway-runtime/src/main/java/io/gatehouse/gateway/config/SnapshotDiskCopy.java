package io.gatehouse.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.BufferedOutputStream;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The last applied snapshot on local disk, so the gateway can start while management is down.
 * Writes go to a temp file that is flushed and then renamed over the copy, so a crash never
 * leaves a half-written snapshot. Revocations applied from their announcement (without a new
 * snapshot) are appended to {@value #REVOCATIONS_FILE_NAME}, one JSON line each, fsynced, so a
 * restart from the disk copy never accepts a key this node already refused. Blocking: call from a
 * worker thread.
 */
@ApplicationScoped
public class SnapshotDiskCopy {

    static final String FILE_NAME = "snapshot.json";
    static final String REVOCATIONS_FILE_NAME = "snapshot-revocations.jsonl";

    private final Path dir;
    /** The newest version this process saved: writes of older ones that end later are skipped. */
    private volatile long saved = -1;
    private final Object newFiles = new Object();
    private boolean sweptLeftovers;

    @Inject
    public SnapshotDiskCopy(GatewaySettings settings) {
        this(Path.of(settings.gateway().dataDir()));
    }

    SnapshotDiskCopy(Path dir) {
        this.dir = dir;
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    Path revocationsFile() {
        return dir.resolve(REVOCATIONS_FILE_NAME);
    }

    /** Keeps an announced revocation applied on top of the disk copy. */
    public synchronized void appendRevocation(Announcement revocation) throws IOException {
        Files.createDirectories(dir);
        String line = revocation.encode() + "\n";
        try (FileChannel channel = FileChannel.open(revocationsFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * The revocations appended after the snapshot of {@code version}, in order; lines that cannot be read (a torn last
     * line after a crash) are skipped.
     */
    public synchronized List<Announcement> revocationsAfter(long version) throws IOException {
        Path file = revocationsFile();
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Announcement> after = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                Announcement a = Announcement.parse(line);
                if (a.version() > version && !a.revokedKeys().isEmpty()) {
                    after.add(a);
                }
            } catch (IllegalArgumentException torn) {
                // skipped
            }
        }
        after.sort(Comparator.comparingLong(Announcement::version));
        return after;
    }

    /** Writes a snapshot to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Saves a snapshot of {@code version} as {@code content} writes it, streamed to disk (a million keys are hundreds of
     * megabytes: never one array); revocations it holds leave the revocations file. Nothing happens when a newer
     * version was saved already. The file is written and flushed without holding this object's lock, so appending a
     * revocation never waits for it.
     */
    public void save(long version, Content content) throws IOException {
        if (version < saved) {
            return;
        }
        Path temp = newFile();
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                content.writeTo(out);
            }
            adopt(version, temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A new empty file beside the disk copy (so {@link #adopt} is a rename). The first call deletes the files of this
     * kind a process that died left behind (up to hundreds of megabytes each).
     */
    public Path newFile() throws IOException {
        synchronized (newFiles) {
            Files.createDirectories(dir);
            if (!sweptLeftovers) {
                try (DirectoryStream<Path> left = Files.newDirectoryStream(dir, FILE_NAME + "*.tmp")) {
                    for (Path f : left) {
                        Files.deleteIfExists(f);
                    }
                }
                sweptLeftovers = true;
            }
            return Files.createTempFile(dir, FILE_NAME, ".tmp");
        }
    }

    /**
     * A file to fetch a snapshot into: {@link #newFile()}, or one in the temp directory when the data directory cannot
     * take it (full, read-only): a disk copy that cannot be kept must not keep the node from its config.
     */
    public Path newFetchFile() throws IOException {
        try {
            return newFile();
        } catch (IOException e) {
            return Files.createTempFile("gatehouse-snapshot-", ".json");
        }
    }

    /**
     * Makes {@code written}, a complete snapshot of {@code version} in a file from {@link #newFile()}, the disk copy:
     * flushed to disk, then renamed over it; revocations it holds leave the revocations file. A version older than
     * one saved already is not adopted (and its file is deleted).
     */
    public void adopt(long version, Path written) throws IOException {
        if (version >= saved) {
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        synchronized (this) {
            if (version < saved) {
                Files.deleteIfExists(written);
                return;
            }
            try {
                Files.move(written, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, file(), StandardCopyOption.REPLACE_EXISTING);
            }
            saved = version;
            List<Announcement> newer = revocationsAfter(version);
            if (newer.isEmpty()) {
                Files.deleteIfExists(revocationsFile());
            } else {
                Path temp = Files.createTempFile(dir, REVOCATIONS_FILE_NAME, ".tmp");
                try {
                    StringBuilder lines = new StringBuilder();
                    for (Announcement a : newer) {
                        lines.append(a.encode()).append('\n');
                    }
                    Files.writeString(temp, lines, StandardCharsets.UTF_8);
                    Files.move(temp, revocationsFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** The disk copy, when there is one (read it as a stream: it may be hundreds of megabytes). */
    public Optional<Path> existing() {
        Path file = file();
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
