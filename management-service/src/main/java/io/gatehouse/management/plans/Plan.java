package io.gatehouse.management.plans;

import io.gatehouse.management.apis.Api;
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
    @ManyToOne(optional = false)
    @JoinColumn(name = "api_id")
    public Api api;
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
