package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.plans.DegradedMode;
import io.gatehouse.management.plans.LimitKey;
import io.gatehouse.management.plans.LimitKind;
import io.gatehouse.management.plans.LimitMode;
import io.gatehouse.management.plans.OverageModel;
import io.gatehouse.management.plans.PlanRequests;
import io.gatehouse.management.plans.PricePreview;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.plans.PlanStatus;
import io.gatehouse.management.plans.PlanView;
import io.gatehouse.management.plans.TimeUnit;
import io.gatehouse.management.plans.Visibility;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.products.ProductService;
import io.gatehouse.management.products.ProductView;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.gatehouse.management.console.ConsoleForms.checked;
import static io.gatehouse.management.console.ConsoleForms.choice;
import static io.gatehouse.management.console.ConsoleForms.decimal;
import static io.gatehouse.management.console.ConsoleForms.number;
import static io.gatehouse.management.console.ConsoleForms.smallNumber;
import static io.gatehouse.management.console.ConsoleForms.text;

/** Plans of an API: create (also as the next version of a plan), read, change what is safe. */
@Path("/console/plans")
@Produces(MediaType.TEXT_HTML)
public class PlanPages {

    /** The five limits a plan can have, one form field each (empty: no such limit). */
    public record LimitField(String name, String label, LimitKind kind, TimeUnit unit) {
        public String valueIn(PlanView plan) {
            if (plan == null) {
                return "";
            }
            return plan.limits().stream().filter(l -> l.kind() == kind && l.timeUnit() == unit)
                    .map(l -> Long.toString(l.maxRequests())).findFirst().orElse("");
        }
    }

    public static final List<LimitField> LIMIT_FIELDS = List.of(
            new LimitField("rateSecond", "Requests per second", LimitKind.RATE, TimeUnit.SECOND),
            new LimitField("rateMinute", "Requests per minute", LimitKind.RATE, TimeUnit.MINUTE),
            new LimitField("rateHour", "Requests per hour", LimitKind.RATE, TimeUnit.HOUR),
            new LimitField("quotaDay", "Quota per day", LimitKind.QUOTA, TimeUnit.DAY),
            new LimitField("quotaMonth", "Quota per month", LimitKind.QUOTA, TimeUnit.MONTH));

    /** The choices of the plan forms. */
    public record Choices(List<LimitField> limitFields, PlanStatus[] statuses, Visibility[] visibilities,
                          LimitKey[] limitKeys, LimitMode[] limitModes, DegradedMode[] degradedModes,
                          OverageModel[] overageModels) {
        static final Choices ALL = new Choices(LIMIT_FIELDS, PlanStatus.values(), Visibility.values(), LimitKey.values(),
                LimitMode.values(), DegradedMode.values(), OverageModel.values());
    }

    /** The limit fields of a plan form. */
    public static class LimitsForm {
        @RestForm
        public String rateSecond;
        @RestForm
        public String rateMinute;
        @RestForm
        public String rateHour;
        @RestForm
        public String quotaDay;
        @RestForm
        public String quotaMonth;

        List<PlanRequests.Limit> limits() {
            String[] values = {rateSecond, rateMinute, rateHour, quotaDay, quotaMonth};
            List<PlanRequests.Limit> limits = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                LimitField f = LIMIT_FIELDS.get(i);
                Long max = number(f.name(), values[i]);
                if (max != null) {
                    limits.add(new PlanRequests.Limit(f.kind(), max, f.unit()));
                }
            }
            return limits;
        }
    }

    @CheckedTemplate(basePath = "console/plans")
    static class Templates {
        static native TemplateInstance create(ConsoleUser user, ApiView api, ProductView product, PlanView previous,
                                              Choices choices, String preview);

        static native TemplateInstance detail(ConsoleUser user, ApiView api, ProductView product, PlanView plan,
                                              boolean manage, Choices choices, String preview);
    }

    private final PlanService plans;
    private final ApiService apis;
    private final ProductService products;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public PlanPages(PlanService plans, ApiService apis, ProductService products, ConsoleForms forms,
                     SecurityIdentity identity) {
        this.plans = plans;
        this.apis = apis;
        this.products = products;
        this.forms = forms;
        this.identity = identity;
    }

    /**
     * The form of a new plan of the API (it joins the API's own product) or of the product; with
     * {@code previousPlanId}, prefilled as that plan's next version.
     */
    @GET
    @Path("/new")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance createForm(@QueryParam("apiId") UUID apiId, @QueryParam("productId") UUID productId,
                                       @QueryParam("previousPlanId") UUID previousPlanId) {
        if (apiId == null && productId == null) {
            throw ApiProblem.invalidField("apiId", "open the form from an API's or a product's page");
        }
        PlanView previous = previousPlanId == null ? null : plans.get(previousPlanId);
        String preview = previous == null ? pricePreview("EUR", "0", "0", null, null, null, null, null)
                : PricePreview.of(previous.pricing());
        return apiId != null ? Templates.create(user(), apis.get(apiId), null, previous, Choices.ALL, preview)
                : Templates.create(user(), null, products.get(productId), previous, Choices.ALL, preview);
    }

    /**
     * The price preview of the plan form's pricing fields, as plain text, for the form's script while the admin
     * types. A field that does not parse is named in the text instead ("Check flatFee: …"); never an error status.
     */
    @GET
    @Path("/preview")
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response previewText(@QueryParam("currency") String currency, @QueryParam("flatFee") String flatFee,
                            @QueryParam("includedRequests") String includedRequests,
                            @QueryParam("overageModel") String overageModel, @QueryParam("tierUpTo") String tierUpTo,
                            @QueryParam("tierUnitPrice") String tierUnitPrice,
                            @QueryParam("lastTierUnitPrice") String lastTierUnitPrice,
                            @QueryParam("tierPerUnits") String tierPerUnits) {
        String text = pricePreview(currency, flatFee, includedRequests, overageModel, tierUpTo, tierUnitPrice,
                lastTierUnitPrice, tierPerUnits);
        return Response.ok(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store").build();
    }

    /** The preview of the form's pricing fields (as {@link #create} reads them), or which field to check. */
    static String pricePreview(String currency, String flatFee, String includedRequests, String overageModel,
                          String tierUpTo, String tierUnitPrice, String lastTierUnitPrice, String tierPerUnits) {
        try {
            String cur = text(currency);
            if (cur != null && !cur.matches("^[A-Z]{3}$")) {
                throw ApiProblem.invalidField("currency", "must be an ISO 4217 code like EUR");
            }
            List<PlanRequests.PriceTier> tiers = tiers(tierUpTo, tierUnitPrice, tierPerUnits, lastTierUnitPrice);
            for (PlanRequests.PriceTier t : tiers) {
                if (t.unitPrice().signum() < 0 || (t.upTo() != null && t.upTo() < 1) || (t.perUnits() != null && t.perUnits() < 1)) {
                    throw ApiProblem.invalidField("tierUnitPrice", "prices are zero or more, counts 1 or more");
                }
            }
            BigDecimal fee = decimal("flatFee", flatFee);
            Long included = number("includedRequests", includedRequests);
            if ((fee != null && fee.signum() < 0) || (included != null && included < 0)) {
                throw ApiProblem.invalidField(fee != null && fee.signum() < 0 ? "flatFee" : "includedRequests",
                        "must be zero or more");
            }
            return PricePreview.of(cur, fee, included == null ? 0 : included,
                    choice(OverageModel.class, "overageModel", overageModel),
                    tiers.stream().map(t -> new PricePreview.Tier(t.upTo(), t.unitPrice(),
                            t.perUnits() == null ? 1000 : t.perUnits())).toList());
        } catch (ApiProblem p) {
            List<Problem.FieldError> errors = p.errors();
            return errors == null || errors.isEmpty() ? "Check the pricing fields: " + p.getMessage()
                    : "Check " + errors.get(0).field() + ": " + errors.get(0).message() + ".";
        }
    }

    /** The form's two tiers: the first up to {@code tierUpTo}, the last without a bound; either may be empty. */
    private static List<PlanRequests.PriceTier> tiers(String tierUpTo, String tierUnitPrice, String tierPerUnits,
                                                      String lastTierUnitPrice) {
        List<PlanRequests.PriceTier> tiers = new ArrayList<>();
        if (text(tierUnitPrice) != null) {
            tiers.add(new PlanRequests.PriceTier(number("tierUpTo", tierUpTo), decimal("tierUnitPrice", tierUnitPrice),
                    smallNumber("tierPerUnits", tierPerUnits)));
        }
        if (text(lastTierUnitPrice) != null) {
            tiers.add(new PlanRequests.PriceTier(null, decimal("lastTierUnitPrice", lastTierUnitPrice),
                    smallNumber("tierPerUnits", tierPerUnits)));
        }
        return tiers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response create(@RestForm String apiId, @RestForm String productId, @RestForm String previousPlanId,
                           @RestForm String name,
                           @RestForm String description, @RestForm String status, @RestForm String visibility,
                           @RestForm String approvalRequired, @RestForm String limitKey, @RestForm String limitMode,
                           @RestForm String degradedMode, @RestForm String timeZone, @RestForm String currency,
                           @RestForm String flatFee, @RestForm String includedRequests, @RestForm String overageModel,
                           @RestForm String billableStatusClasses, @RestForm String tierUpTo, @RestForm String tierUnitPrice,
                           @RestForm String tierPerUnits, @RestForm String lastTierUnitPrice, @BeanParam LimitsForm limits) {
        List<PlanRequests.PriceTier> tiers = tiers(tierUpTo, tierUnitPrice, tierPerUnits, lastTierUnitPrice);
        PlanView created = plans.create(forms.valid(new PlanRequests.Create(text(productId) == null ? uuid("apiId", apiId) : null,
                text(productId) == null ? null : uuid("productId", productId), text(name), description,
                choice(PlanStatus.class, "status", status), choice(Visibility.class, "visibility", visibility),
                checked(approvalRequired), choice(LimitKey.class, "limitKey", limitKey),
                choice(LimitMode.class, "limitMode", limitMode), choice(DegradedMode.class, "degradedMode", degradedMode),
                text(timeZone), text(currency), decimal("flatFee", flatFee), number("includedRequests", includedRequests),
                choice(OverageModel.class, "overageModel", overageModel), text(billableStatusClasses), limits.limits(),
                tiers, text(previousPlanId) == null ? null : uuid("previousPlanId", previousPlanId))));
        return seeOther(created.id());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance detail(@PathParam("id") UUID id) {
        PlanView plan = plans.get(id);
        ApiView api = plan.apiId() == null ? null : apis.get(plan.apiId());
        return Templates.detail(user(), api, products.get(plan.productId()), plan, products.mayManage(plan.productId()),
                Choices.ALL, PricePreview.of(plan.pricing()));
    }

    /** Changes the plan; while it has subscribers only in their favour, else the plan-in-use page explains why not. */
    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response update(@PathParam("id") UUID id, @RestForm String name, @RestForm String description,
                           @RestForm String status, @RestForm String visibility, @RestForm String approvalRequired,
                           @RestForm String degradedMode, @RestForm String flatFee, @RestForm String includedRequests,
                           @BeanParam LimitsForm limits) {
        plans.update(id, forms.valid(new PlanRequests.Update(text(name), description,
                choice(PlanStatus.class, "status", status), choice(Visibility.class, "visibility", visibility),
                checked(approvalRequired), choice(DegradedMode.class, "degradedMode", degradedMode), limits.limits(),
                decimal("flatFee", flatFee), number("includedRequests", includedRequests))));
        return seeOther(id);
    }

    private ConsoleUser user() {
        return ConsoleUser.of(identity);
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(field, "is not an id");
        }
    }

    private static Response seeOther(UUID plan) {
        return Response.seeOther(URI.create("/console/plans/" + plan)).build();
    }
}
