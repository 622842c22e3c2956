package io.gatehouse.management.guides;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A markdown guide page of one API version; its slug is unique within the API. */
@Entity
@Table(name = "api_guides")
public class ApiGuide extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "api_id")
    public UUID apiId;
    public String slug;
    public String title;
    public String markdown;
    /** Ascending order of the guides in the portal; ties by title. */
    public int position;
    public Instant createdAt;
    public Instant updatedAt;
}
