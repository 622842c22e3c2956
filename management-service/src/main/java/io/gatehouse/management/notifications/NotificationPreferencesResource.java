package io.gatehouse.management.notifications;

import io.gatehouse.management.developer.session.Partner;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET/PUT /developer/v1/account/notifications}: the signed-in partner's own choice of notification mails. Each
 * member chooses for themselves; every topic is on until turned off.
 */
@Path("/developer/v1/account/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NotificationPreferencesResource {

    private final NotificationPreferences preferences;
    private final SecurityIdentity identity;

    public NotificationPreferencesResource(NotificationPreferences preferences, SecurityIdentity identity) {
        this.preferences = preferences;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Partner.ROLE)
    public NotificationChoices get() {
        return NotificationChoices.of(preferences.of(Partner.of(identity).userId()));
    }

    /** Replaces the choices: all four topics must be named ({@code 400 validation-failed} naming a missing one). */
    @PUT
    @RolesAllowed(Partner.ROLE)
    public NotificationChoices put(@Valid @NotNull NotificationChoices choices) {
        return NotificationChoices.of(preferences.choose(Partner.of(identity).userId(), choices.byTopic()));
    }
}
