package io.gatehouse.gateway.config;

import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ExcludingKeyDirectory;
import io.gatehouse.gateway.policy.auth.KeyDirectory;
import io.gatehouse.gateway.policy.auth.SnapshotKeyDirectory;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.policy.subscription.SubscriptionIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Revocations that ride in their announcement: read, applied to a config without copying it, kept on disk. */
class AnnouncedRevocationTest {

    private static final ApiKey A = new ApiKey("k-a", "gh_aaaaaaa", "app-1", null);
    private static final ApiKey B = new ApiKey("k-b", "gh_bbbbbbb", "app-1", null);

    @Test
    void an_announcement_is_a_version_number_or_a_version_with_revoked_keys() {
        assertEquals(new Announcement(17, List.of()), Announcement.parse(" 17\n"));
        assertEquals(new Announcement(18, List.of("k-a", "k-b")),
                Announcement.parse("{\"version\":18,\"revokedKeys\":[\"k-a\",\"k-b\"]}"));
        assertEquals(new Announcement(19, List.of()), Announcement.parse("{\"version\":19}"));
        for (String bad : List.of("", "seventeen", "{}", "{\"version\":\"x\"}", "{\"version\":1,\"revokedKeys\":\"k\"}", "{")) {
            assertThrows(IllegalArgumentException.class, () -> Announcement.parse(bad), bad);
        }
    }

    @Test
    void a_config_without_some_keys_refuses_them_and_shares_everything_else() {
        CompiledConfig base = config(5, Map.of("hash-a", A, "hash-b", B));

        CompiledConfig next = base.withoutKeys(6, Set.of("k-a"));
        CompiledConfig after = next.withoutKeys(7, Set.of("k-b"));

        assertEquals(6, next.version());
        assertEquals(Optional.empty(), next.part(KeyDirectory.PART).findByHash("hash-a").result());
        assertEquals(Optional.of(B), next.part(KeyDirectory.PART).findByHash("hash-b").result());
        assertEquals(Optional.of(A), base.part(KeyDirectory.PART).findByHash("hash-a").result(), "the config in force is not changed");
        assertSame(base.part(RouteTable.PART), next.part(RouteTable.PART));
        assertSame(base.part(SubscriptionIndex.PART), next.part(SubscriptionIndex.PART));
        assertEquals(Optional.empty(), after.part(KeyDirectory.PART).findByHash("hash-b").result());
        assertEquals(Optional.empty(), after.part(KeyDirectory.PART).findByHash("hash-a").result());
        assertEquals(2, after.keysExcluded());
        assertTrue(after.part(KeyDirectory.PART) instanceof ExcludingKeyDirectory, "one level deep, however many revocations");
    }

    @Test
    void kept_revocations_outlive_a_restart_and_leave_once_a_snapshot_holds_them(@TempDir Path dir) throws Exception {
        SnapshotDiskCopy disk = new SnapshotDiskCopy(dir);
        disk.save(5, out -> out.write("{\"version\":5}".getBytes(StandardCharsets.UTF_8)));
        disk.appendRevocation(new Announcement(6, List.of("k-a")));
        disk.appendRevocation(new Announcement(7, List.of("k-b")));
        // A crash in the middle of a write leaves a torn last line: skipped, never fatal.
        Files.writeString(disk.revocationsFile(), "{\"version\":8,\"revok", StandardOpenOption.APPEND);

        SnapshotDiskCopy restarted = new SnapshotDiskCopy(dir);
        assertEquals(List.of(new Announcement(6, List.of("k-a")), new Announcement(7, List.of("k-b"))),
                restarted.revocationsAfter(5));
        assertEquals(List.of(new Announcement(7, List.of("k-b"))), restarted.revocationsAfter(6));

        restarted.save(6, out -> out.write("{\"version\":6}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(new Announcement(7, List.of("k-b"))), restarted.revocationsAfter(0));
        restarted.save(7, out -> out.write("{\"version\":7}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(Files.exists(restarted.revocationsFile()), "a snapshot that holds every revocation empties the file");
    }

    private static CompiledConfig config(long version, Map<String, ApiKey> keys) {
        return CompiledConfig.builder(version).part(RouteTable.PART, RouteTable.empty())
                .part(KeyDirectory.PART, new SnapshotKeyDirectory(keys))
                .part(SubscriptionIndex.PART, SubscriptionIndex.empty()).build();
    }
}
