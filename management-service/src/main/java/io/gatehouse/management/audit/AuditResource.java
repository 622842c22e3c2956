package io.gatehouse.management.audit;

import io.gatehouse.management.common.Page;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/admin/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditSearch audit;

    public AuditResource(AuditSearch audit) {
        this.audit = audit;
    }

    /**
     * Newest first. Optional filters: {@code entityType}, {@code entityId}, {@code actorId} (the
     * OIDC subject, or {@code bootstrap-admin}), {@code from} (inclusive) and {@code to} (exclusive;
     * a day like {@code 2026-11-25} includes that day).
     */
    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public Page<AuditEntryView> list(@QueryParam("entityType") String entityType,
                                     @QueryParam("entityId") String entityId,
                                     @QueryParam("actorId") String actorId,
                                     @QueryParam("from") String from,
                                     @QueryParam("to") String to,
                                     @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                     @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return audit.search(AuditSearch.Criteria.parse(entityType, entityId, actorId, from, to), offset, limit);
    }

    /** The same search as CSV, newest first, at most {@value AuditSearch#MAX_EXPORT} rows. */
    @GET
    @Path("/export")
    @Produces(AuditCsv.MEDIA_TYPE)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public Response export(@QueryParam("entityType") String entityType,
                           @QueryParam("entityId") String entityId,
                           @QueryParam("actorId") String actorId,
                           @QueryParam("from") String from,
                           @QueryParam("to") String to) {
        String csv = AuditCsv.write(audit.export(AuditSearch.Criteria.parse(entityType, entityId, actorId, from, to)));
        return Response.ok(csv, AuditCsv.MEDIA_TYPE + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"gatehouse-audit.csv\"").build();
    }
}
