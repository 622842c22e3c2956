package io.gatehouse.management.subscriptions;

import io.gatehouse.management.plans.Plan;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A request to move a subscription to another plan; the applied ones are the subscription's plan history. */
@Entity
@Table(name = "subscription_plan_changes")
public class PlanChange extends PanacheEntityBase {
    @Id
    public UUID id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "subscription_id")
    public Subscription subscription;
    @ManyToOne(optional = false)
    @JoinColumn(name = "from_plan_id")
    public Plan fromPlan;
    @ManyToOne(optional = false)
    @JoinColumn(name = "to_plan_id")
    public Plan toPlan;
    public PlanChangeStatus status;
    public Instant requestedAt;
    public Instant decidedAt;
    /** When the new plan took over; set exactly when applied. */
    public Instant effectiveAt;

    /** The change of {@code s} waiting for approval, if any. */
    public static Optional<PlanChange> pendingOf(Subscription s) {
        return PlanChange.<PlanChange>find("subscription = ?1 and status = ?2", s, PlanChangeStatus.PENDING)
                .firstResultOptional();
    }

    /** The applied changes of {@code s}, oldest first. */
    public static List<PlanChange> appliedOf(Subscription s) {
        return PlanChange.<PlanChange>find("subscription = ?1 and status = ?2", Sort.by("effectiveAt").and("id"), s,
                PlanChangeStatus.APPLIED).list();
    }
}
