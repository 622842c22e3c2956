package io.gatehouse.management.developer.account;

import io.gatehouse.management.developer.DeveloperSettings;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Brute-force protection: attempts per account (the lower-cased email, whether an account has it
 * or not) and per client IP in a sliding window, kept in PostgreSQL so every management node
 * counts the same.
 */
@ApplicationScoped
public class AccountThrottle {

    public enum Action {
        LOGIN_FAILED("login-failed"), SIGNUP("signup"), PASSWORD_RESET("password-reset"),
        /** Counted with the sign-up limits: accepting an invitation creates an account too. */
        INVITATION_ACCEPT("invitation-accept");

        final String code;

        Action(String code) {
            this.code = code;
        }
    }

    private final EntityManager em;
    private final DeveloperSettings.Throttle limits;
    private final Clock clock;

    public AccountThrottle(EntityManager em, DeveloperSettings settings, Clock clock) {
        this.em = em;
        this.limits = settings.throttle();
        this.clock = clock;
    }

    /** Refuses with 429 when the account or the IP has used up its attempts for {@code action}. */
    @Transactional
    public void check(Action action, String email, String clientIp) {
        Instant since = clock.instant().minus(window(action));
        if (count(action, "account", account(email), since) >= perAccount(action)
                || count(action, "client_ip", clientIp, since) >= perIp(action)) {
            throw new ApiProblem(ProblemType.TOO_MANY_ATTEMPTS, switch (action) {
                case LOGIN_FAILED -> "Too many failed logins. The account is locked for "
                        + minutes(window(action)) + " minutes; try again later or reset your password.";
                case SIGNUP -> "Too many sign-ups from here. Try again in " + minutes(window(action)) + " minutes.";
                case PASSWORD_RESET -> "Too many reset requests. Try again in " + minutes(window(action)) + " minutes.";
                case INVITATION_ACCEPT -> "Too many attempts to accept an invitation from here. Try again in "
                        + minutes(window(action)) + " minutes.";
            });
        }
    }

    @Transactional
    public void record(Action action, String email, String clientIp) {
        Instant now = clock.instant();
        em.createNativeQuery("DELETE FROM account_attempts WHERE occurred_at < ?1")
                .setParameter(1, now.minus(Duration.ofDays(1))).executeUpdate();
        em.createNativeQuery("INSERT INTO account_attempts (action, account, client_ip, occurred_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, action.code).setParameter(2, account(email)).setParameter(3, clientIp)
                .setParameter(4, now).executeUpdate();
    }

    /** Forgets the failed logins of an account (after a successful login or a password reset). */
    @Transactional
    public void clearFailures(String email) {
        em.createNativeQuery("DELETE FROM account_attempts WHERE action = 'login-failed' AND account = ?1")
                .setParameter(1, account(email)).executeUpdate();
    }

    private long count(Action action, String column, String value, Instant since) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM account_attempts WHERE action = ?1 AND "
                        + column + " = ?2 AND occurred_at > ?3")
                .setParameter(1, action.code).setParameter(2, value).setParameter(3, since)
                .getSingleResult()).longValue();
    }

    private Duration window(Action a) {
        return switch (a) {
            case LOGIN_FAILED -> limits.loginWindow();
            case SIGNUP, INVITATION_ACCEPT -> limits.signupWindow();
            case PASSWORD_RESET -> limits.resetWindow();
        };
    }

    private int perAccount(Action a) {
        return switch (a) {
            case LOGIN_FAILED -> limits.maxLoginFailuresPerAccount();
            case SIGNUP, INVITATION_ACCEPT -> limits.maxSignupsPerAccount();
            case PASSWORD_RESET -> limits.maxResetsPerAccount();
        };
    }

    private int perIp(Action a) {
        return switch (a) {
            case LOGIN_FAILED -> limits.maxLoginFailuresPerIp();
            case SIGNUP, INVITATION_ACCEPT -> limits.maxSignupsPerIp();
            case PASSWORD_RESET -> limits.maxResetsPerIp();
        };
    }

    private static long minutes(Duration d) {
        return Math.max(1, d.toMinutes());
    }

    private static String account(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
