package io.gatehouse.management.products;

import io.gatehouse.management.apis.Api;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** What a plan grants: one or more APIs, each whole or restricted to some routes and methods. */
@Entity
@Table(name = "products")
public class Product extends PanacheEntityBase {
    @Id
    public UUID id;
    public String slug;
    public String name;
    public String description;
    /** Set on the product made for one API: where a plan created "for that API" goes. */
    @ManyToOne
    @JoinColumn(name = "home_api_id")
    public Api homeApi;
    public Instant createdAt;
    public Instant updatedAt;

    @OneToMany(mappedBy = "product", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<ProductApi> apis = new ArrayList<>();

    /** Its grants in the order gateways see them: by API id as text. */
    public List<ProductApi> grants() {
        return apis.stream().sorted(Comparator.comparing(g -> g.api.id.toString())).toList();
    }

    /** The only API it grants, or null when it grants none or several. */
    public Api singleApi() {
        return apis.size() == 1 ? apis.get(0).api : null;
    }
}
