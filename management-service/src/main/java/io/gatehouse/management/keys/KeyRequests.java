package io.gatehouse.management.keys;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** Request bodies of the key endpoints. */
public final class KeyRequests {

    private KeyRequests() {
    }

    /** @param expiresAt optional; the gateway refuses the key from then on */
    @Schema(name = "IssueKey")
    public record Issue(@Size(min = 1, max = 100) String name, @Future Instant expiresAt) {
    }

    @Schema(name = "RevokeKey")
    public record Revoke(@Size(max = 500) String reason) {
    }
}
