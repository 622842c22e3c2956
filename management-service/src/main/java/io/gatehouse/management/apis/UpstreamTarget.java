package io.gatehouse.management.apis;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "upstream_targets")
public class UpstreamTarget extends PanacheEntityBase {
    @Id
    public UUID id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "api_id")
    public Api api;
    public String url;
    public int weight;
    public boolean enabled;
    public Instant createdAt;
    public Instant updatedAt;
}
