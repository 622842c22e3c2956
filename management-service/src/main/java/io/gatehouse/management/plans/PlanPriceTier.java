package io.gatehouse.management.plans;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.UUID;

@Entity
@Table(name = "plan_price_tiers")
public class PlanPriceTier extends PanacheEntityBase {
    @Id
    public UUID id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "plan_id")
    public Plan plan;
    public int tierIndex;
    /** Inclusive upper bound of overage requests in this tier; null for the open-ended last tier. */
    public Long upTo;
    public BigDecimal unitPrice;
    public int perUnits;
}
