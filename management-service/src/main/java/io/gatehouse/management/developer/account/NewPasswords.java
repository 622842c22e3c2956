package io.gatehouse.management.developer.account;

import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.passwords.PasswordPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a partner's new password where it is stored (sign-up, reset, accepting an invitation) with the portal's own
 * rule ({@code password-policy}: at least 10 characters and not easy to guess), so the developer API cannot be used to
 * set one the portal would refuse. A refusal is 400 {@code validation-failed} on {@code password}, with the reason.
 */
@ApplicationScoped
public class NewPasswords {

    private final PasswordPolicy policy = new PasswordPolicy();

    /**
     * @param aboutThePerson the account's name, email, company…: a password made of them is refused
     */
    public void check(String password, String... aboutThePerson) {
        policy.refusal(password, aboutThePerson).ifPresent(why -> {
            throw ApiProblem.invalidField("password", why);
        });
    }
}
