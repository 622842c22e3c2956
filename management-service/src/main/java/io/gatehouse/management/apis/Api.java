package io.gatehouse.management.apis;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "apis")
public class Api extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public String slug;
    public String version;
    public String description;
    public Lifecycle lifecycle;
    public String ownerSubject;
    public String openapiDocument;
    public Instant sunsetAt;
    /** When the API last moved to deprecated; null unless it is deprecated. */
    public Instant deprecatedAt;
    /** {@link GatewayOptions.ApiOptions} as JSON, or null for the gateway's defaults; written only validated. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "gateway_options")
    public String gatewayOptions;
    /** Its tags as {@link ApiTags#of} made them; empty for none. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "tags", columnDefinition = "text[]")
    public String[] tags = new String[0];
    public Instant createdAt;
    public Instant updatedAt;

    @OneToMany(mappedBy = "api", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<ApiRoute> routes = new ArrayList<>();

    @OneToMany(mappedBy = "api", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("createdAt")
    public List<UpstreamTarget> targets = new ArrayList<>();

    /** Its tags, in the order given. */
    public List<String> tagList() {
        return tags == null ? List.of() : List.of(tags);
    }

    /** The stored options, or null when none are set. */
    public GatewayOptions.ApiOptions options() {
        return StoredOptions.read(gatewayOptions, GatewayOptions.ApiOptions.class);
    }
}
