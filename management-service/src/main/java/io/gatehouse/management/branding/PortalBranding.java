package io.gatehouse.management.branding;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** The developer portal's branding: the one row of {@code portal_branding} (id 1); no row means the portal's defaults. */
@Entity
@Table(name = "portal_branding")
public class PortalBranding extends PanacheEntityBase {

    static final short ID = 1;

    @Id
    public short id;
    /** Null: the portal's default name. */
    public String portalName;
    /** {@code #rrggbb}, lower case; null: the portal's default colour. */
    @Column(name = "primary_colour")
    public String primaryColour;
    /** {@link BrandingRequests.FooterLink}s as a JSON array; written only validated. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "footer_links")
    public String footerLinks;
    public String stylesheet;
    public byte[] logo;
    public String logoContentType;
    public long version;
    public Instant updatedAt;
}
