package io.gatehouse.management.plans;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.util.UUID;

@Entity
@Table(name = "plan_limits")
public class PlanLimit extends PanacheEntityBase {
    @Id
    public UUID id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "plan_id")
    public Plan plan;
    public LimitKind kind;
    public long maxRequests;
    public TimeUnit timeUnit;
}
