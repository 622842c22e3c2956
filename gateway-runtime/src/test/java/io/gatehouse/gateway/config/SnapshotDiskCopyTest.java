package io.gatehouse.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disk copy written as a stream, adopted from a fetched file, and never moved back to an older version. */
class SnapshotDiskCopyTest {

    @Test
    void a_fetched_file_becomes_the_disk_copy_by_rename(@TempDir Path dir) throws Exception {
        SnapshotDiskCopy disk = new SnapshotDiskCopy(dir);
        Path fetched = disk.newFile();
        Files.writeString(fetched, "{\"version\":4}");

        disk.adopt(4, fetched);

        assertEquals("{\"version\":4}", Files.readString(disk.existing().orElseThrow()));
        assertTrue(Files.notExists(fetched));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("snapshot.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void a_write_of_an_older_version_that_ends_after_a_newer_one_is_skipped(@TempDir Path dir) throws Exception {
        SnapshotDiskCopy disk = new SnapshotDiskCopy(dir);
        disk.save(7, out -> out.write("{\"version\":7}".getBytes(StandardCharsets.UTF_8)));

        disk.save(6, out -> out.write("{\"version\":6}".getBytes(StandardCharsets.UTF_8)));
        Path older = disk.newFile();
        Files.writeString(older, "{\"version\":5}");
        disk.adopt(5, older);

        assertEquals("{\"version\":7}", Files.readString(disk.file()));
        assertTrue(Files.notExists(older), "the skipped fetched file is deleted");
        disk.save(8, out -> out.write("{\"version\":8}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"version\":8}", Files.readString(disk.file()));
    }

    @Test
    void there_is_no_disk_copy_before_the_first_save(@TempDir Path dir) {
        assertTrue(new SnapshotDiskCopy(dir.resolve("not-yet")).existing().isEmpty());
    }

    @Test
    void files_a_killed_process_left_half_written_are_deleted_before_the_first_new_one(@TempDir Path dir) throws Exception {
        Path left = dir.resolve(SnapshotDiskCopy.FILE_NAME + "123.tmp");
        Files.writeString(left, "{\"version\":");
        Files.writeString(dir.resolve("usage-journal.tmp"), "not ours");

        Path fresh = new SnapshotDiskCopy(dir).newFile();

        assertTrue(Files.notExists(left));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(dir.resolve("usage-journal.tmp")), "only the disk copy's own files are swept");
    }
}
