package io.gatehouse.management.guides;

import java.time.Instant;
import java.util.UUID;

/** A guide as the admin API shows it, with its markdown source. */
public record GuideView(UUID id, UUID apiId, String slug, String title, int position, String markdown,
                        Instant createdAt, Instant updatedAt) {

    static GuideView of(ApiGuide g) {
        return new GuideView(g.id, g.apiId, g.slug, g.title, g.position, g.markdown, g.createdAt, g.updatedAt);
    }
}
