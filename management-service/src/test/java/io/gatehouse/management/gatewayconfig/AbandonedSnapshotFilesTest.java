package io.gatehouse.management.gatewayconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot files a killed management left behind are deleted by the next one; a live one's never are. */
class AbandonedSnapshotFilesTest {

    @Test
    void a_directory_whose_owner_lock_nobody_holds_is_deleted_and_a_held_or_young_one_is_kept(@TempDir Path base)
            throws Exception {
        Path abandoned = snapshotDir(base, "abandoned", true);
        Path held = snapshotDir(base, "held", true);
        Path young = snapshotDir(base, "young", false);
        Path other = Files.createDirectory(base.resolve("someone-else"));
        Path noOwner = Files.createDirectory(base.resolve(SnapshotService.DIR_PREFIX + "no-owner"));
        Files.setLastModifiedTime(noOwner, FileTime.from(Instant.now().minusSeconds(600)));
        try (FileChannel c = FileChannel.open(held.resolve(SnapshotService.OWNER), StandardOpenOption.WRITE)) {
            c.lock();

            SnapshotService.deleteAbandoned(base);

            assertFalse(Files.exists(abandoned), "a killed process's directory is gone");
            assertTrue(Files.exists(held.resolve("snapshot-7.json")), "a live process's files stay");
            assertTrue(Files.exists(young), "a directory still being set up stays");
            assertTrue(Files.exists(other), "only snapshot directories are touched");
            assertTrue(Files.exists(noOwner), "a directory without an owner file is not ours to judge");
        }
    }

    private static Path snapshotDir(Path base, String name, boolean old) throws Exception {
        Path d = Files.createDirectory(base.resolve(SnapshotService.DIR_PREFIX + name));
        Files.writeString(d.resolve(SnapshotService.OWNER), "");
        Files.writeString(d.resolve("snapshot-7.json"), "{\"version\":7}");
        if (old) {
            Files.setLastModifiedTime(d, FileTime.from(Instant.now().minusSeconds(600)));
        }
        return d;
    }
}
