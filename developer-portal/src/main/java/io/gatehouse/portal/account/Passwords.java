package io.gatehouse.portal.account;

import io.gatehouse.passwords.PasswordPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one password rule ({@code password-policy}) as a bean for the portal's forms. */
public class Passwords {

    @Produces
    @Singleton
    PasswordPolicy passwordPolicy() {
        return new PasswordPolicy();
    }
}
