package io.gatehouse.management.products;

import io.gatehouse.management.apis.Api;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * One API a product grants. Empty {@link #routeIds} means every route of the API, empty {@link #methods} every method;
 * both are kept sorted (route ids by their text, methods alphabetically), the order the snapshot sends them in.
 */
@Entity
@Table(name = "product_apis")
public class ProductApi extends PanacheEntityBase {

    /** The primary key: product and API. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "product_id")
        public UUID productId;
        @Column(name = "api_id")
        public UUID apiId;

        public Key() {
        }

        public Key(UUID productId, UUID apiId) {
            this.productId = productId;
            this.apiId = apiId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(productId, k.productId) && Objects.equals(apiId, k.apiId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(productId, apiId);
        }
    }

    @EmbeddedId
    public Key key;
    @MapsId("productId")
    @ManyToOne(optional = false)
    @JoinColumn(name = "product_id")
    public Product product;
    @MapsId("apiId")
    @ManyToOne(optional = false)
    @JoinColumn(name = "api_id")
    public Api api;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "route_ids", columnDefinition = "uuid[]")
    public UUID[] routeIds = new UUID[0];
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "methods", columnDefinition = "text[]")
    public String[] methods = new String[0];
}
