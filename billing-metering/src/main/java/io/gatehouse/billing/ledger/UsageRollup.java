package io.gatehouse.billing.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One rollup bucket of the usage ledger: the requests of one organization, application, API, plan
 * and status class (2 for 2xx …) within one minute, hour or day. Written by the ledger consumer in
 * the same transaction as the events it counts; read by reports, charts and invoices.
 */
@Entity
@Table(name = "usage_rollups")
@IdClass(UsageRollup.Key.class)
public class UsageRollup extends PanacheEntityBase {

    @Id public String granularity;
    @Id public OffsetDateTime bucketStart;
    @Id public UUID organizationId;
    @Id public UUID applicationId;
    @Id public UUID apiId;
    @Id public UUID planId;
    @Id public short statusClass;
    public long requests;
    public long billableRequests;
    public long requestBytes;
    public long responseBytes;
    public long latencyMsSum;

    /** The bucket's identity. */
    public static class Key implements Serializable {
        public String granularity;
        public OffsetDateTime bucketStart;
        public UUID organizationId;
        public UUID applicationId;
        public UUID apiId;
        public UUID planId;
        public short statusClass;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && granularity.equals(k.granularity) && bucketStart.equals(k.bucketStart)
                    && organizationId.equals(k.organizationId) && applicationId.equals(k.applicationId)
                    && apiId.equals(k.apiId) && planId.equals(k.planId) && statusClass == k.statusClass;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(granularity, bucketStart, organizationId, applicationId, apiId, planId, statusClass);
        }
    }
}
