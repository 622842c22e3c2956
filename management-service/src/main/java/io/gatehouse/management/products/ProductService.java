package io.gatehouse.management.products;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.common.Slug;
import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.AdminAccess;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Products: what plans grant. A change to what a product grants reaches gateways as a config change of kind
 * {@code product} (the delta carries the product's plans and active subscriptions); its name and description do not.
 *
 * <p>Two columns follow a product's grants, kept here in the same transaction: {@code plans.api_id} is the product's
 * API when it grants exactly one (else null), and a live subscription's {@code api_id} is the first API it grants by
 * id. A product's {@code homeApi} is kept only while it grants exactly that API, whole.
 */
@ApplicationScoped
public class ProductService {

    private static final String LIVE = "('pending', 'active', 'suspended')";

    private final ConfigChange changes;
    private final AdminAccess access;
    private final EntityManager em;
    private final Clock clock;

    public ProductService(ConfigChange changes, AdminAccess access, EntityManager em, Clock clock) {
        this.changes = changes;
        this.access = access;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public Page<ProductView> list(int offset, int limit) {
        var q = Product.<Product>findAll(Sort.by("name").and("id"));
        return new Page<>(q.range(offset, offset + limit - 1).stream().map(ProductView::of).toList(), q.count(), offset,
                limit);
    }

    @Transactional
    public ProductView get(UUID id) {
        return ProductView.of(find(id));
    }

    @Transactional
    public ProductView create(ProductRequests.Create req) {
        String name = ClientInput.requiredText("name", req.name());
        String slug = req.slug() == null ? Slug.of(name) : req.slug();
        if (slug.length() > 80) {
            slug = Slug.of(slug.substring(0, 80));
        }
        if (Product.count("slug", slug) > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "A product with slug '" + slug + "' exists already.");
        }
        Instant now = clock.instant();
        Product p = new Product();
        p.id = UUID.randomUUID();
        p.slug = slug;
        p.name = name;
        p.description = req.description() == null ? "" : req.description();
        p.createdAt = p.updatedAt = now;
        p.persist();
        // Gateways see products only through plans, and a new product has none.
        return changes.record("product", p.id, "created", null, ProductView.of(p), false);
    }

    @Transactional
    public ProductView update(UUID id, ProductRequests.Update req) {
        Product p = find(id);
        requireMayManage(p);
        // Trimmed, a name of blanks broke the table's length check: a 500 instead of the caller's mistake.
        String name = ClientInput.requiredText("name", req.name());
        ProductView before = ProductView.of(p);
        if (name != null) {
            p.name = name;
        }
        if (req.description() != null) {
            p.description = req.description();
        }
        p.updatedAt = clock.instant();
        return changes.record("product", id, "updated", before, ProductView.of(p), false);
    }

    /** Deletes a product that has no plans; {@code product-in-use} otherwise. */
    @Transactional
    public void delete(UUID id) {
        Product p = find(id);
        requireMayManage(p);
        long plans = plansOf(id);
        if (plans > 0) {
            throw new ApiProblem(ProblemType.PRODUCT_IN_USE, "Product '" + p.name + "' has " + plans
                    + " plan(s); a product with plans cannot be deleted (close its plans and keep it).");
        }
        ProductView before = ProductView.of(p);
        p.delete();
        changes.record("product", id, "deleted", before, null, false);
    }

    /**
     * Grants {@code apiId} (whole, or the given routes and methods) in the product, replacing what it granted of that
     * API. Refused with {@code conflict} when an application would then hold two live subscriptions granting one API.
     */
    @Transactional
    public ProductView grant(UUID id, UUID apiId, ProductRequests.Grant req) {
        Product p = find(id);
        Api api = ApiService.find(apiId);
        requireMayManage(p);
        access.requireMayManageApi(api.ownerSubject, "API " + api.id);
        UUID[] routes = routes(api, req.routeIds());
        String[] methods = req.methods() == null ? new String[0]
                : new TreeSet<>(req.methods()).toArray(String[]::new);
        ProductView before = ProductView.of(p);
        ProductApi grant = p.apis.stream().filter(g -> g.api.id.equals(apiId)).findFirst().orElse(null);
        if (grant == null) {
            refuseOverlap(p, api);
            grant = new ProductApi();
            grant.key = new ProductApi.Key(p.id, api.id);
            grant.product = p;
            grant.api = api;
            p.apis.add(grant);
        }
        grant.routeIds = routes;
        grant.methods = methods;
        return changed(p, "api-granted", before);
    }

    /** Stops granting {@code apiId}; refused for the last API of a product that has plans. */
    @Transactional
    public ProductView revoke(UUID id, UUID apiId) {
        Product p = find(id);
        requireMayManage(p);
        ProductApi grant = p.apis.stream().filter(g -> g.api.id.equals(apiId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("API", apiId + " in product " + id));
        if (p.apis.size() == 1 && plansOf(id) > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "API " + grant.api.name + " " + grant.api.version
                    + " is the only API of product '" + p.name + "', which has plans; a plan must grant something.");
        }
        ProductView before = ProductView.of(p);
        p.apis.remove(grant);
        return changed(p, "api-removed", before);
    }

    /**
     * The product a plan created for {@code api} joins: the one whose home is that API, made (granting the whole API)
     * on first use. Audited as {@code product.created}.
     */
    public Product homeOf(Api api) {
        Product home = Product.<Product>find("homeApi", api).firstResult();
        if (home != null) {
            return home;
        }
        Instant now = clock.instant();
        home = new Product();
        home.id = UUID.randomUUID();
        String base = Slug.of(api.slug + "-" + api.version);
        base = base.length() > 70 ? Slug.of(base.substring(0, 70)) : base;
        home.slug = Product.count("slug", base) == 0 ? base : base + "-" + home.id.toString().substring(0, 8);
        home.name = api.name + " " + api.version;
        home.description = api.description == null ? "" : api.description;
        home.homeApi = api;
        home.createdAt = home.updatedAt = now;
        ProductApi grant = new ProductApi();
        grant.key = new ProductApi.Key(home.id, api.id);
        grant.product = home;
        grant.api = api;
        home.apis.add(grant);
        home.persist();
        changes.record("product", home.id, "created", null, ProductView.of(home), false);
        return home;
    }

    /** Whether the caller may change the product: manage every API it grants (the console hides what it may not). */
    @Transactional
    public boolean mayManage(UUID id) {
        return find(id).apis.stream().allMatch(g -> access.mayManageApi(g.api.ownerSubject));
    }

    /** Refuses with 403 unless the caller may manage every API the product grants. */
    public void requireMayManage(Product p) {
        for (ProductApi g : p.apis) {
            access.requireMayManageApi(g.api.ownerSubject, "API " + g.api.id + " (in product " + p.id + ")");
        }
    }

    public static Product find(UUID id) {
        Product p = Product.findById(id);
        if (p == null) {
            throw ApiProblem.notFound("Product", id);
        }
        return p;
    }

    private ProductView changed(Product p, String verb, ProductView before) {
        Api single = p.singleApi();
        if (p.homeApi != null && (single != p.homeApi || p.apis.get(0).routeIds.length > 0
                || p.apis.get(0).methods.length > 0)) {
            // No longer "that API, whole": plans created for the API get a new home product.
            p.homeApi = null;
        }
        p.updatedAt = clock.instant();
        em.flush();
        em.createNativeQuery("UPDATE plans SET api_id = ?1 WHERE product_id = ?2")
                .setParameter(1, single == null ? null : single.id).setParameter(2, p.id).executeUpdate();
        p.grants().stream().findFirst().ifPresent(first -> em.createNativeQuery("UPDATE subscriptions SET api_id = ?1"
                        + " WHERE api_id <> ?1 AND status IN " + LIVE
                        + " AND plan_id IN (SELECT id FROM plans WHERE product_id = ?2)")
                .setParameter(1, first.api.id).setParameter(2, p.id).executeUpdate());
        // Native updates: no plan or subscription of this product is loaded in this transaction to go stale.
        return changes.record("product", p.id, verb, before, ProductView.of(p));
    }

    /**
     * Refuses to add {@code api} when an application holds a live subscription to this product and another to a
     * product that grants {@code api} already: it would hold two subscriptions granting one API.
     */
    private void refuseOverlap(Product p, Api api) {
        @SuppressWarnings("unchecked")
        List<Object[]> clash = em.createNativeQuery("SELECT a.name, op.name FROM subscriptions s"
                        + " JOIN plans sp ON sp.id = s.plan_id AND sp.product_id = ?1"
                        + " JOIN applications a ON a.id = s.application_id"
                        + " JOIN subscriptions o ON o.application_id = s.application_id AND o.status IN " + LIVE
                        + " JOIN plans op ON op.id = o.plan_id AND op.product_id <> ?1"
                        + " JOIN product_apis pa ON pa.product_id = op.product_id AND pa.api_id = ?2"
                        + " WHERE s.status IN " + LIVE + " ORDER BY a.name LIMIT 1")
                .setParameter(1, p.id).setParameter(2, api.id).getResultList();
        if (!clash.isEmpty()) {
            throw new ApiProblem(ProblemType.CONFLICT, "Application " + clash.get(0)[0] + " subscribes to this product and"
                    + " to plan " + clash.get(0)[1] + ", which grants " + api.name + " " + api.version + " already;"
                    + " an application holds one live subscription per API.");
        }
    }

    private static UUID[] routes(Api api, List<UUID> routeIds) {
        if (routeIds == null) {
            return new UUID[0];
        }
        Set<UUID> own = api.routes.stream().map(r -> r.id).collect(Collectors.toSet());
        for (int i = 0; i < routeIds.size(); i++) {
            if (!own.contains(routeIds.get(i))) {
                throw ApiProblem.invalidField("routeIds[" + i + "]", "is not a route of API " + api.name + " "
                        + api.version + " (" + api.id + ")");
            }
        }
        return routeIds.stream().distinct().sorted(Comparator.comparing(UUID::toString)).toArray(UUID[]::new);
    }

    private long plansOf(UUID productId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM plans WHERE product_id = ?1")
                .setParameter(1, productId).getSingleResult()).longValue();
    }
}
