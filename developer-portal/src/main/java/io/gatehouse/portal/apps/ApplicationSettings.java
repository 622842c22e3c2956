package io.gatehouse.portal.apps;

import io.gatehouse.portal.session.ManagementProblem;

/**
 * The "Settings" form of an application's page: what is in the fields and, after a refusal, what is
 * wrong with each, in words. A null error means the field is fine.
 */
public record ApplicationSettings(String name, String oauthClientId, String nameError, String oauthClientIdError) {

    static final String CLIENT_ID_TAKEN = "Another application already uses this client id.";
    static final String CLIENT_ID_MALFORMED = "A client id is 1 to 200 characters without spaces; leave it empty to remove it.";
    static final String NAME_TAKEN = "Another application of your organization already has this name.";
    static final String NAME_MALFORMED = "Give the application a name of at most 200 characters.";

    /** The form as the application is now. */
    static ApplicationSettings of(ManagementApplications.Application app) {
        return new ApplicationSettings(app.name(), app.oauthClientId() == null ? "" : app.oauthClientId(), null, null);
    }

    /** What the partner typed, trimmed, with the errors found before asking management. */
    static ApplicationSettings submitted(String name, String oauthClientId) {
        String n = name == null ? "" : name.trim();
        String c = oauthClientId == null ? "" : oauthClientId.trim();
        return new ApplicationSettings(n, c,
                n.isEmpty() || n.length() > 200 ? NAME_MALFORMED : null,
                c.length() > 200 || c.chars().anyMatch(Character::isWhitespace) ? CLIENT_ID_MALFORMED : null);
    }

    boolean valid() {
        return nameError == null && oauthClientIdError == null;
    }

    /**
     * Management's refusal next to the fields it concerns; null when it names neither field (the page shows
     * its detail above instead).
     */
    ApplicationSettings refusedBy(ManagementProblem p) {
        boolean conflict = p.status() == 409;
        String nameError = p.concerns("name") ? (conflict ? NAME_TAKEN : NAME_MALFORMED) : null;
        String clientIdError = p.concerns("oauthClientId") ? (conflict ? CLIENT_ID_TAKEN : CLIENT_ID_MALFORMED) : null;
        if (nameError == null && clientIdError == null) {
            return null;
        }
        return new ApplicationSettings(name, oauthClientId, nameError, clientIdError);
    }
}
