package io.gatehouse.management.developer.account;

import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.common.Slug;
import io.gatehouse.management.developer.DeveloperSettings;
import io.gatehouse.management.developer.SecretTokens;
import io.gatehouse.management.developer.session.DeveloperSession;
import io.gatehouse.management.developer.session.Partner;
import io.gatehouse.management.organizations.Organization;
import io.gatehouse.management.organizations.OrganizationStatus;
import io.gatehouse.management.organizations.OrganizationView;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Partner accounts: sign-up, email verification, login and logout, password reset. Answers never
 * tell whether an email has an account. Mails are returned to the caller, to be sent after commit.
 */
@ApplicationScoped
public class AccountService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordHasher passwords;
    private final NewPasswords newPasswords;
    private final SecretTokens tokens;
    private final DeveloperMail mail;
    private final DeveloperSettings settings;
    private final AuditLog audit;
    private final EntityManager em;
    private final Clock clock;

    public AccountService(PasswordHasher passwords, NewPasswords newPasswords, SecretTokens tokens, DeveloperMail mail,
                          DeveloperSettings settings, AuditLog audit, EntityManager em, Clock clock) {
        this.passwords = passwords;
        this.newPasswords = newPasswords;
        this.tokens = tokens;
        this.mail = mail;
        this.settings = settings;
        this.audit = audit;
        this.em = em;
        this.clock = clock;
    }

    /**
     * Creates the organization, its owner and a verification token; or, when the email already has
     * an account, only a mail telling its owner so.
     */
    @Transactional
    public DeveloperMail.Outgoing signup(AccountRequests.Signup req) {
        // Before anything else: the answer to a weak password must not depend on whether the email has an account.
        newPasswords.check(req.password(), req.name(), req.email(), req.company());
        String name = ClientInput.requiredText("name", req.name());
        String company = ClientInput.requiredText("company", req.company());
        String email = req.email().trim();
        if (PartnerUser.count("lower(email) = ?1", email.toLowerCase(Locale.ROOT)) > 0) {
            // Hash anyway: answering faster than a real sign-up would tell that the address has an account.
            passwords.hash(req.password());
            return mail.alreadyRegistered(email);
        }
        Instant now = clock.instant();
        Organization org = new Organization();
        org.id = UUID.randomUUID();
        org.name = company;
        org.slug = freeSlug(Slug.of(org.name));
        org.status = settings.signupApproval() == DeveloperSettings.SignupApproval.required
                ? OrganizationStatus.PENDING : OrganizationStatus.ACTIVE;
        org.createdAt = org.updatedAt = now;
        org.persist();

        PartnerUser user = new PartnerUser();
        user.id = UUID.randomUUID();
        user.email = email;
        user.displayName = name;
        user.kind = "partner";
        user.passwordHash = passwords.hash(req.password());
        user.status = "active";
        user.createdAt = user.updatedAt = now;
        user.persist();
        em.flush();
        em.createNativeQuery("INSERT INTO organization_members (organization_id, user_id, role, created_at) VALUES (?1, ?2, 'owner', ?3)")
                .setParameter(1, org.id).setParameter(2, user.id).setParameter(3, now).executeUpdate();

        String actor = user.id.toString();
        audit.recordAs("partner", actor, "organization.signed-up", "organization", org.id, null, OrganizationView.of(org));
        audit.recordAs("partner", actor, "user.signed-up", "user", user.id, null,
                Map.of("email", user.email, "name", user.displayName, "organizationId", org.id, "role", "owner"));
        return mail.verification(email, user.displayName, newToken(user.id, AccountToken.VERIFY_EMAIL, settings.verificationTtl()));
    }

    /** Marks the email verified. The token works once, until it expires. */
    @Transactional
    public void verifyEmail(String token) {
        AccountToken t = use(token, AccountToken.VERIFY_EMAIL);
        PartnerUser user = PartnerUser.findById(t.userId);
        if (user.emailVerifiedAt == null) {
            user.emailVerifiedAt = clock.instant();
            user.updatedAt = user.emailVerifiedAt;
            audit.recordAs("partner", user.id.toString(), "user.email-verified", "user", user.id, null,
                    Map.of("email", user.email));
        }
    }

    /** The partner with this email and password, or empty. Costs one Argon2 verification either way. */
    @Transactional
    public Optional<PartnerUser> authenticate(String email, String password) {
        PartnerUser user = PartnerUser.byEmail(email.trim());
        boolean usable = user != null && "active".equals(user.status);
        boolean ok = passwords.matches(password, usable ? user.passwordHash : null);
        return ok ? Optional.of(user) : Optional.empty();
    }

    /** Opens a session for the user in their organization; the token is returned once. */
    @Transactional
    public AccountViews.NewSession openSession(UUID userId) {
        UUID orgId = organizationOf(userId);
        Instant now = clock.instant();
        String token = tokens.generate(SecretTokens.SESSION);
        DeveloperSession s = new DeveloperSession();
        s.id = UUID.randomUUID();
        s.tokenHash = tokens.hash(token);
        s.userId = userId;
        s.organizationId = orgId;
        s.createdAt = now;
        s.expiresAt = now.plus(settings.sessionTtl());
        s.persist();
        PartnerUser user = PartnerUser.findById(userId);
        if (user != null) {
            user.lastLoginAt = now;
        }
        DeveloperSession.delete("userId = ?1 and expiresAt < ?2", userId, now);
        return new AccountViews.NewSession(token, s.expiresAt);
    }

    /** The partner whose unexpired session has this token, or empty. */
    @Transactional
    public Optional<Partner> resolveSession(String token) {
        DeveloperSession s = DeveloperSession.<DeveloperSession>find("tokenHash = ?1 and expiresAt > ?2",
                tokens.hash(token), clock.instant()).firstResult();
        if (s == null) {
            return Optional.empty();
        }
        PartnerUser user = PartnerUser.findById(s.userId);
        if (user == null || !"active".equals(user.status)) {
            return Optional.empty();
        }
        return Optional.of(new Partner(user.id, s.organizationId, s.id, user.email));
    }

    @Transactional
    public void closeSession(UUID sessionId) {
        DeveloperSession.deleteById(sessionId);
    }

    /** A reset mail when the email has an account; nothing otherwise (the caller answers the same). */
    @Transactional
    public DeveloperMail.Outgoing requestReset(String email) {
        PartnerUser user = PartnerUser.byEmail(email.trim());
        if (user == null || !"active".equals(user.status)) {
            return null;
        }
        return mail.passwordReset(user.email, newToken(user.id, AccountToken.RESET_PASSWORD, settings.resetTtl()));
    }

    /**
     * Sets the new password, ends every session of the user, and counts the email as verified
     * (the link proved the mailbox). Returns the user's email.
     */
    @Transactional
    public String confirmReset(String token, String newPassword) {
        AccountToken t = use(token, AccountToken.RESET_PASSWORD);
        PartnerUser user = PartnerUser.findById(t.userId);
        // A refusal rolls back the token's use: the mailed link still works for a better password.
        newPasswords.check(newPassword, user.displayName, user.email);
        Instant now = clock.instant();
        user.passwordHash = passwords.hash(newPassword);
        if (user.emailVerifiedAt == null) {
            user.emailVerifiedAt = now;
        }
        user.updatedAt = now;
        DeveloperSession.delete("userId", user.id);
        AccountToken.update("usedAt = ?1 where userId = ?2 and purpose = ?3 and usedAt is null",
                now, user.id, AccountToken.RESET_PASSWORD);
        audit.recordAs("partner", user.id.toString(), "user.password-reset", "user", user.id, null,
                Map.of("email", user.email));
        return user.email;
    }

    @Transactional
    public AccountViews.Me me(Partner partner) {
        PartnerUser user = PartnerUser.findById(partner.userId());
        Organization org = Organization.findById(partner.organizationId());
        String role = (String) em.createNativeQuery("SELECT role FROM organization_members WHERE organization_id = ?1 AND user_id = ?2")
                .setParameter(1, org.id).setParameter(2, user.id).getSingleResult();
        return new AccountViews.Me(
                new AccountViews.UserView(user.id, user.displayName, user.email, user.emailVerifiedAt != null, role),
                new AccountViews.OrganizationView(org.id, org.name, org.status.code()));
    }

    private UUID organizationOf(UUID userId) {
        List<?> rows = em.createNativeQuery("SELECT organization_id FROM organization_members WHERE user_id = ?1 "
                        + "ORDER BY (role = 'owner') DESC, created_at LIMIT 1")
                .setParameter(1, userId).getResultList();
        if (rows.isEmpty()) {
            throw new ApiProblem(ProblemType.INVALID_CREDENTIALS, "The email or password is not right.");
        }
        return (UUID) rows.get(0);
    }

    private String newToken(UUID userId, String purpose, java.time.Duration ttl) {
        String token = tokens.generate(SecretTokens.MAILED);
        AccountToken t = new AccountToken();
        t.id = UUID.randomUUID();
        t.userId = userId;
        t.purpose = purpose;
        t.tokenHash = tokens.hash(token);
        t.createdAt = clock.instant();
        t.expiresAt = t.createdAt.plus(ttl);
        t.persist();
        return token;
    }

    private AccountToken use(String token, String purpose) {
        Instant now = clock.instant();
        AccountToken t = AccountToken.<AccountToken>find("tokenHash = ?1 and purpose = ?2", tokens.hash(token), purpose)
                .firstResult();
        if (t == null || t.usedAt != null || !t.expiresAt.isAfter(now)) {
            throw new ApiProblem(ProblemType.INVALID_TOKEN,
                    "This link does not work any more: it was already used, has expired, or was copied incompletely.");
        }
        t.usedAt = now;
        return t;
    }

    private static String freeSlug(String base) {
        String slug = base;
        while (Organization.count("slug", slug) > 0) {
            slug = base + "-" + Integer.toString(RANDOM.nextInt(36 * 36 * 36 * 36), 36);
        }
        return slug.toLowerCase(Locale.ROOT);
    }
}
