package io.gatehouse.management.console;

import io.gatehouse.management.audit.AuditCsv;
import io.gatehouse.management.audit.AuditEntryView;
import io.gatehouse.management.audit.AuditSearch;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/** The audit log: search by entity, actor and days; export the same search as CSV. */
@Path("/console/audit")
public class AuditPages {

    private static final int PAGE = 100;

    /** The search as the form shows it, and the link to its CSV. */
    public record Search(String entityType, String entityId, String actorId, String from, String to, String csvLink) {
    }

    @CheckedTemplate(basePath = "console/audit")
    static class Templates {
        static native TemplateInstance audit(ConsoleUser user, Search search, Page<AuditEntryView> entries, Pager pager);
    }

    private final AuditSearch audit;
    private final SecurityIdentity identity;

    public AuditPages(AuditSearch audit, SecurityIdentity identity) {
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public TemplateInstance search(@QueryParam("entityType") String entityType, @QueryParam("entityId") String entityId,
                                   @QueryParam("actorId") String actorId, @QueryParam("from") String from,
                                   @QueryParam("to") String to, @QueryParam("offset") @DefaultValue("0") int offset) {
        AuditSearch.Criteria criteria = AuditSearch.Criteria.parse(entityType, entityId, actorId, from, to);
        String csv = UriBuilder.fromPath("/console/audit/export")
                .queryParam("entityType", orEmpty(entityType)).queryParam("entityId", orEmpty(entityId))
                .queryParam("actorId", orEmpty(actorId)).queryParam("from", orEmpty(from)).queryParam("to", orEmpty(to))
                .build().toString();
        Search search = new Search(orEmpty(entityType), orEmpty(entityId), orEmpty(actorId), orEmpty(from), orEmpty(to), csv);
        Page<AuditEntryView> entries = audit.search(criteria, Math.max(0, offset), PAGE);
        UriBuilder filters = UriBuilder.fromPath("/console/audit");
        String[][] fields = {{"entityType", entityType}, {"entityId", entityId}, {"actorId", actorId}, {"from", from}, {"to", to}};
        for (String[] f : fields) {
            if (f[1] != null && !f[1].isBlank()) {
                filters.queryParam(f[0], f[1].trim());
            }
        }
        return Templates.audit(ConsoleUser.of(identity), search, entries, Pager.of(entries, filters));
    }

    @GET
    @Path("/export")
    @Produces(AuditCsv.MEDIA_TYPE)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public Response export(@QueryParam("entityType") String entityType, @QueryParam("entityId") String entityId,
                           @QueryParam("actorId") String actorId, @QueryParam("from") String from,
                           @QueryParam("to") String to) {
        String csv = AuditCsv.write(audit.export(AuditSearch.Criteria.parse(entityType, entityId, actorId, from, to)));
        return Response.ok(csv, AuditCsv.MEDIA_TYPE + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"gatehouse-audit.csv\"").build();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
