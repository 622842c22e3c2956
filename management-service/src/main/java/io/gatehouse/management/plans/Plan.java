package io.gatehouse.management.plans;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.products.Product;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "plans")
public class Plan extends PanacheEntityBase {
    @Id
    public UUID id;
    /** The product's API when the product grants exactly one, else null (kept so by {@code ProductService}). */
    @ManyToOne
    @JoinColumn(name = "api_id")
    public Api api;
    /** What a subscription to this plan grants. */
    @ManyToOne(optional = false)
    @JoinColumn(name = "product_id")
    public Product product;
    public String name;
    public String description;
    public PlanStatus status;
    public Visibility visibility;
    public boolean approvalRequired;
    public int planVersion;
    public LimitKey limitKey;
    public LimitMode limitMode;
    public DegradedMode degradedMode;
    public String timeZone;
    public String currency;
    public BigDecimal flatFee;
    public long includedRequests;
    public OverageModel overageModel;
    /** Comma-separated status classes that are billed, e.g. {@code 2xx,3xx}. */
    public String billableStatusClasses;
    public Instant createdAt;
    public Instant updatedAt;

    @OneToMany(mappedBy = "plan", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("kind, timeUnit")
    public List<PlanLimit> limits = new ArrayList<>();

    @OneToMany(mappedBy = "plan", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("tierIndex")
    public List<PlanPriceTier> priceTiers = new ArrayList<>();
}
