package io.gatehouse.management.guides;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.common.Slug;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.security.AdminAccess;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Markdown guide pages of an API. Platform admins manage every API's guides, API owners those of
 * their own APIs (the same rule as changing the API). Guides do not reach gateways, so changes
 * are audited but bump no config version.
 */
@ApplicationScoped
public class GuideService {

    static final int MAX_SLUG = 60;
    /** More guides than this on one API is a mistake, not documentation. */
    static final int MAX_GUIDES_PER_API = 100;
    private static final Sort ORDER = Sort.by("position").and("title").and("slug");

    /** What a put did: the guide, and whether it was new (201) or replaced (200). */
    public record Put(GuideView guide, boolean created) {
    }

    private final AuditLog audit;
    private final AdminAccess access;
    private final Clock clock;

    public GuideService(AuditLog audit, AdminAccess access, Clock clock) {
        this.audit = audit;
        this.access = access;
        this.clock = clock;
    }

    @Transactional
    public Put put(UUID apiId, String slug, GuideRequests.Put req) {
        checkSlug(slug);
        String title = ClientInput.requiredText("title", req.title());
        Api api = ApiService.find(apiId);
        access.requireMayManageApi(api.ownerSubject, "API " + apiId);
        Instant now = clock.instant();
        ApiGuide guide = find(apiId, slug);
        GuideView before = guide == null ? null : GuideView.of(guide);
        if (guide == null) {
            if (ApiGuide.count("apiId", apiId) >= MAX_GUIDES_PER_API) {
                throw ApiProblem.invalidField("slug", "an API has at most " + MAX_GUIDES_PER_API + " guides");
            }
            guide = new ApiGuide();
            guide.id = UUID.randomUUID();
            guide.apiId = apiId;
            guide.slug = slug;
            guide.createdAt = now;
        }
        guide.title = title;
        guide.markdown = req.markdown();
        guide.position = req.position() == null ? 0 : req.position();
        guide.updatedAt = now;
        guide.persist();
        GuideView after = GuideView.of(guide);
        audit.record(before == null ? "api-guide.created" : "api-guide.replaced", "api-guide", guide.id, before, after);
        return new Put(after, before == null);
    }

    @Transactional
    public void delete(UUID apiId, String slug) {
        Api api = ApiService.find(apiId);
        access.requireMayManageApi(api.ownerSubject, "API " + apiId);
        ApiGuide guide = require(apiId, slug);
        GuideView before = GuideView.of(guide);
        guide.delete();
        audit.record("api-guide.deleted", "api-guide", guide.id, before, null);
    }

    @Transactional
    public Page<GuideView> list(UUID apiId) {
        ApiService.find(apiId);
        List<GuideView> guides = guidesOf(apiId).stream().map(GuideView::of).toList();
        return new Page<>(guides, guides.size(), 0, Math.max(guides.size(), 1));
    }

    @Transactional
    public GuideView get(UUID apiId, String slug) {
        ApiService.find(apiId);
        return GuideView.of(require(apiId, slug));
    }

    /** The API's guides in the order the portal lists them; the caller checks the API may be seen. */
    public static List<ApiGuide> guidesOf(UUID apiId) {
        return ApiGuide.<ApiGuide>find("apiId", ORDER, apiId).list();
    }

    /** One guide of the API, or null. */
    public static ApiGuide find(UUID apiId, String slug) {
        return ApiGuide.<ApiGuide>find("apiId = ?1 and slug = ?2", apiId, slug).firstResult();
    }

    private static ApiGuide require(UUID apiId, String slug) {
        ApiGuide guide = find(apiId, slug);
        if (guide == null) {
            throw ApiProblem.notFound("Guide", "'" + slug + "' of API " + apiId);
        }
        return guide;
    }

    private static void checkSlug(String slug) {
        if (slug == null || slug.length() > MAX_SLUG || !slug.matches(Slug.PATTERN)) {
            throw ApiProblem.invalidField("slug", "lower-case letters, digits and single dashes, at most " + MAX_SLUG
                    + " characters");
        }
    }
}
