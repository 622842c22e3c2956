package io.gatehouse.management.apis;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "api_routes")
public class ApiRoute extends PanacheEntityBase {
    @Id
    public UUID id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "api_id")
    public Api api;
    public String pathPrefix;
    public String host;
    /** Comma-separated upper-case methods; null for all. */
    public String methods;
    public boolean stripPrefix;
    public int connectTimeoutMs;
    public int responseTimeoutMs;
    /** {@link GatewayOptions.RouteOptions} as JSON, or null for the gateway's defaults; written only validated. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "gateway_options")
    public String gatewayOptions;
    public Instant createdAt;
    public Instant updatedAt;

    /** The stored options, or null when none are set. */
    public GatewayOptions.RouteOptions options() {
        return StoredOptions.read(gatewayOptions, GatewayOptions.RouteOptions.class);
    }
}
