package io.gatehouse.management.subscriptions;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.applications.Application;
import io.gatehouse.management.plans.Plan;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "subscriptions")
public class Subscription extends PanacheEntityBase {
    @Id
    public UUID id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "application_id")
    public Application application;
    @ManyToOne(optional = false)
    @JoinColumn(name = "plan_id")
    public Plan plan;
    @ManyToOne(optional = false)
    @JoinColumn(name = "api_id")
    public Api api;
    public SubscriptionStatus status;
    public Instant requestedAt;
    public Instant activatedAt;
    public Instant endedAt;
    public Instant createdAt;
    public Instant updatedAt;
}
