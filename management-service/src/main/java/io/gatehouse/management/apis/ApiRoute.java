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
    /** The admin's order of the API's routes, 0 first; among routes with the same prefix and host, lower wins. */
    public int position;
    /** {@link HeaderCondition}s as a JSON array, or null for none; written only validated. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "header_conditions")
    public String headerConditions;
    /** A Java regex the path after the prefix must match in full; null: no rewrite. */
    public String rewritePattern;
    /** The replacement of {@link #rewritePattern} ($1 … $9); null exactly when the pattern is. */
    public String rewriteReplacement;
    public int connectTimeoutMs;
    public int responseTimeoutMs;
    /** {@link GatewayOptions.RouteOptions} as JSON, or null for the gateway's defaults; written only validated. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "gateway_options")
    public String gatewayOptions;
    public Instant createdAt;
    public Instant updatedAt;

    /** The stored header conditions; empty when there are none. */
    public java.util.List<HeaderCondition> headers() {
        HeaderCondition[] stored = StoredOptions.read(headerConditions, HeaderCondition[].class);
        return stored == null ? java.util.List.of() : java.util.List.of(stored);
    }

    /** The path rewrite, or null. */
    public Rewrite rewrite() {
        return rewritePattern == null ? null : new Rewrite(rewritePattern, rewriteReplacement);
    }

    /** The stored options, or null when none are set. */
    public GatewayOptions.RouteOptions options() {
        return StoredOptions.read(gatewayOptions, GatewayOptions.RouteOptions.class);
    }
}
