package io.gatehouse.management.plans;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.products.Product;
import io.gatehouse.management.products.ProductService;
import io.gatehouse.management.security.AdminAccess;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class PlanService {

    private final ConfigChange changes;
    private final AdminAccess access;
    private final ProductService products;
    private final Clock clock;

    public PlanService(ConfigChange changes, AdminAccess access, ProductService products, Clock clock) {
        this.changes = changes;
        this.access = access;
        this.products = products;
        this.clock = clock;
    }

    /**
     * A new plan of the product {@code productId}, or of the API {@code apiId} (then it joins that API's own
     * product, made on first use: a product granting the whole API).
     */
    @Transactional
    public PlanView create(PlanRequests.Create req) {
        Product product;
        if (req.productId() != null) {
            if (req.apiId() != null) {
                throw ApiProblem.invalidField("productId", "give apiId or productId, not both");
            }
            product = ProductService.find(req.productId());
            products.requireMayManage(product);
        } else if (req.apiId() != null) {
            Api api = ApiService.find(req.apiId());
            access.requireMayManageApi(api.ownerSubject, "API " + api.id);
            product = products.homeOf(api);
        } else {
            throw ApiProblem.invalidField("apiId", "must not be null: name the plan's API (apiId) or its product (productId)");
        }
        if (product.apis.isEmpty()) {
            throw new ApiProblem(ProblemType.CONFLICT, "Product '" + product.name + "' grants no API yet; add one"
                    + " (PUT /admin/v1/products/" + product.id + "/apis/{apiId}) before its first plan.");
        }
        int planVersion = 1;
        if (req.previousPlanId() != null) {
            Plan previous = find(req.previousPlanId());
            if (!sameProduct(previous.product, product)) {
                throw ApiProblem.invalidField("previousPlanId", req.apiId() != null
                        ? "must be a plan of the same API" : "must be a plan of the same product");
            }
            planVersion = previous.planVersion + 1;
        }
        Plan p = new Plan();
        p.id = UUID.randomUUID();
        p.product = product;
        p.api = product.singleApi();
        p.name = ClientInput.requiredText("name", req.name());
        p.description = req.description() == null ? "" : req.description();
        p.status = orDefault(req.status(), PlanStatus.PUBLISHED);
        p.visibility = orDefault(req.visibility(), Visibility.PUBLIC);
        p.approvalRequired = Boolean.TRUE.equals(req.approvalRequired());
        p.planVersion = planVersion;
        p.limitKey = orDefault(req.limitKey(), LimitKey.SUBSCRIPTION);
        p.limitMode = orDefault(req.limitMode(), LimitMode.AUTO);
        p.degradedMode = orDefault(req.degradedMode(), DegradedMode.FAIL_OPEN);
        p.timeZone = zone(req.timeZone());
        p.currency = orDefault(req.currency(), "EUR");
        p.flatFee = orDefault(req.flatFee(), BigDecimal.ZERO);
        p.includedRequests = orDefault(req.includedRequests(), 0L);
        p.overageModel = orDefault(req.overageModel(), OverageModel.TIERED);
        p.billableStatusClasses = orDefault(req.billableStatusClasses(), "2xx,3xx");
        p.createdAt = p.updatedAt = clock.instant();
        addLimits(p, orDefault(req.limits(), List.of()));
        addTiers(p, orDefault(req.priceTiers(), List.of()));
        p.persist();
        return changes.record("plan", p.id, "created", null, PlanView.of(p));
    }

    @Transactional
    public PlanView update(UUID id, PlanRequests.Update req) {
        Plan p = find(id);
        products.requireMayManage(p.product);
        PlanView before = PlanView.of(p);
        long subscribers = liveSubscriptions(id);
        if (subscribers > 0) {
            List<Problem.FieldError> worse = PlanChanges.worseForSubscribers(p, req);
            if (!worse.isEmpty()) {
                throw new ApiProblem(ProblemType.PLAN_IN_USE, "Plan '" + p.name + "' (version " + p.planVersion + ") has "
                        + subscribers + " live subscription(s), and this change would worsen it for them: "
                        + worse.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "))
                        + ". Raise limits or edit the description in place, or create a new plan version"
                        + " (a new plan with previousPlanId " + id + ") and move subscribers to it.", worse);
            }
        }
        if (req.limits() != null) {
            p.limits.clear();
            // Flush the removals first: the new rows may reuse a (plan, kind, unit) that is unique.
            Plan.getEntityManager().flush();
            addLimits(p, req.limits());
        }
        if (req.flatFee() != null) {
            p.flatFee = req.flatFee();
        }
        if (req.includedRequests() != null) {
            p.includedRequests = req.includedRequests();
        }
        if (req.name() != null) {
            p.name = ClientInput.requiredText("name", req.name());
        }
        if (req.description() != null) {
            p.description = req.description();
        }
        if (req.status() != null) {
            p.status = req.status();
        }
        if (req.visibility() != null) {
            p.visibility = req.visibility();
        }
        if (req.approvalRequired() != null) {
            p.approvalRequired = req.approvalRequired();
        }
        if (req.degradedMode() != null) {
            p.degradedMode = req.degradedMode();
        }
        p.updatedAt = clock.instant();
        return changes.record("plan", id, "updated", before, PlanView.of(p));
    }

    /** A new plan of product {@code productId}: {@link #create} with the product from the path. */
    @Transactional
    public PlanView createInProduct(UUID productId, PlanRequests.Create req) {
        if (req.apiId() != null || req.productId() != null) {
            throw ApiProblem.invalidField(req.apiId() != null ? "apiId" : "productId",
                    "the product is the one in the path; leave this out");
        }
        return create(new PlanRequests.Create(null, productId, req.name(), req.description(), req.status(),
                req.visibility(), req.approvalRequired(), req.limitKey(), req.limitMode(), req.degradedMode(),
                req.timeZone(), req.currency(), req.flatFee(), req.includedRequests(), req.overageModel(),
                req.billableStatusClasses(), req.limits(), req.priceTiers(), req.previousPlanId()));
    }

    @Transactional
    public PlanView get(UUID id) {
        return PlanView.of(find(id));
    }

    @Transactional
    public Page<PlanView> list(UUID apiId, int offset, int limit) {
        var q = apiId == null
                ? Plan.<Plan>findAll(Sort.by("name").and("id"))
                : Plan.<Plan>find("product.id in (select pa.product.id from ProductApi pa where pa.api.id = :api)",
                        Sort.by("name").and("id"), Parameters.with("api", apiId));
        return new Page<>(q.range(offset, offset + limit - 1).stream().map(PlanView::of).toList(),
                q.count(), offset, limit);
    }

    /** The plans of a product, by name. */
    @Transactional
    public List<PlanView> ofProduct(UUID productId) {
        return Plan.<Plan>find("product.id", Sort.by("name").and("id"), productId).stream().map(PlanView::of).toList();
    }

    /**
     * A published plan as a subscribe form offers it: its id, its API's name and version (its product's name when the
     * product grants several APIs), its own name.
     */
    public record Offer(UUID planId, String api, String plan) {
    }

    /**
     * Published plans, the only ones that take new subscriptions, ordered by product name (a one-API product made for
     * an API is named by the API's name and version), then plan name;
     * at most {@code limit} of them (a select of thousands helps nobody; the console says when there are more).
     */
    @Transactional
    public Page<Offer> publishedOffers(int limit) {
        var q = Plan.<Plan>find("status = :status", Sort.by("product.name").and("name").and("id"),
                Parameters.with("status", PlanStatus.PUBLISHED));
        List<Offer> offers = q.range(0, limit - 1).stream()
                .map(p -> new Offer(p.id, p.api == null ? p.product.name : p.api.name + " " + p.api.version, p.name))
                .toList();
        return new Page<>(offers, q.count(), 0, limit);
    }

    /** Pending, active and suspended subscriptions: those a change of the plan reaches. */
    static long liveSubscriptions(UUID planId) {
        return ((Number) Plan.getEntityManager().createNativeQuery(
                        "SELECT count(*) FROM subscriptions WHERE plan_id = ?1 AND status IN ('pending', 'active', 'suspended')")
                .setParameter(1, planId).getSingleResult()).longValue();
    }

    /** Whether a subscription on {@code a} may change to {@code b}: both belong to the same product. */
    public static boolean sameProduct(Plan a, Plan b) {
        return sameProduct(a.product, b.product);
    }

    private static boolean sameProduct(Product a, Product b) {
        return a.id.equals(b.id);
    }

    public static Plan find(UUID id) {
        Plan p = Plan.findById(id);
        if (p == null) {
            throw ApiProblem.notFound("Plan", id);
        }
        return p;
    }

    private static void addLimits(Plan p, List<PlanRequests.Limit> limits) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < limits.size(); i++) {
            PlanRequests.Limit l = limits.get(i);
            boolean rate = l.kind() == LimitKind.RATE;
            boolean rateUnit = l.timeUnit() == TimeUnit.SECOND || l.timeUnit() == TimeUnit.MINUTE || l.timeUnit() == TimeUnit.HOUR;
            if (rate != rateUnit) {
                throw ApiProblem.invalidField("limits[" + i + "].timeUnit", rate
                        ? "a rate limit counts per second, minute or hour"
                        : "a quota counts per calendar day or month");
            }
            if (!seen.add(l.kind().code() + "/" + l.timeUnit().code())) {
                throw ApiProblem.invalidField("limits[" + i + "]", "a plan has at most one " + l.kind().code()
                        + " per " + l.timeUnit().code());
            }
            PlanLimit limit = new PlanLimit();
            limit.id = UUID.randomUUID();
            limit.plan = p;
            limit.kind = l.kind();
            limit.maxRequests = l.maxRequests();
            limit.timeUnit = l.timeUnit();
            p.limits.add(limit);
        }
    }

    private static void addTiers(Plan p, List<PlanRequests.PriceTier> tiers) {
        long previous = 0;
        for (int i = 0; i < tiers.size(); i++) {
            PlanRequests.PriceTier t = tiers.get(i);
            boolean last = i == tiers.size() - 1;
            if (t.upTo() == null && !last) {
                throw ApiProblem.invalidField("priceTiers[" + i + "].upTo", "only the last tier may be open-ended");
            }
            if (t.upTo() != null && t.upTo() <= previous) {
                throw ApiProblem.invalidField("priceTiers[" + i + "].upTo", "tiers must rise: must be above " + previous);
            }
            previous = t.upTo() == null ? previous : t.upTo();
            PlanPriceTier tier = new PlanPriceTier();
            tier.id = UUID.randomUUID();
            tier.plan = p;
            tier.tierIndex = i;
            tier.upTo = t.upTo();
            tier.unitPrice = t.unitPrice();
            tier.perUnits = t.perUnits() == null ? 1000 : t.perUnits();
            p.priceTiers.add(tier);
        }
    }

    private static String zone(String zone) {
        if (zone == null) {
            return "UTC";
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            throw ApiProblem.invalidField("timeZone", "is not a time zone id like Europe/Berlin");
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
