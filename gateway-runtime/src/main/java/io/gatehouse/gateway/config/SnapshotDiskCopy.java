package io.gatehouse.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The last applied snapshot on local disk, so the gateway can start while management is down.
 * Writes go to a temp file that is flushed and then renamed over the copy, so a crash never
 * leaves a half-written snapshot. Blocking: call from a worker thread.
 */
@ApplicationScoped
public class SnapshotDiskCopy {

    static final String FILE_NAME = "snapshot.json";

    private final Path dir;

    public SnapshotDiskCopy(GatewaySettings settings) {
        this.dir = Path.of(settings.gateway().dataDir());
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    public void save(byte[] snapshot) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(snapshot);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public Optional<byte[]> load() throws IOException {
        Path file = file();
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }
}
