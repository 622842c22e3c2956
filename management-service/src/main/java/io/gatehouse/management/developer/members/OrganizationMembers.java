package io.gatehouse.management.developer.members;

import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.developer.DeveloperSettings;
import io.gatehouse.management.developer.SecretTokens;
import io.gatehouse.management.developer.account.DeveloperMail;
import io.gatehouse.management.developer.account.NewPasswords;
import io.gatehouse.management.developer.account.PartnerUser;
import io.gatehouse.management.developer.account.PasswordHasher;
import io.gatehouse.management.developer.session.DeveloperSession;
import io.gatehouse.management.developer.session.Partner;
import io.gatehouse.management.organizations.Organization;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The people of a partner's organization: members with the roles {@code owner} and
 * {@code developer}, and invitations by email. Owners invite, change roles and remove members;
 * every member sees who else is in. An organization always keeps at least one owner.
 *
 * <p>One account belongs to one organization: an invitation creates a new account, so an email
 * that already has one (in any organization) cannot accept it, and removing a member deletes
 * their account (the audit log keeps who it was).
 */
@ApplicationScoped
public class OrganizationMembers {

    static final String OWNER = "owner";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** A new invitation and the mail that carries its link, to send after commit. */
    public record Invited(MemberViews.PendingInvitation invitation, DeveloperMail.Outgoing mail) {
    }

    private final PasswordHasher passwords;
    private final NewPasswords newPasswords;
    private final SecretTokens tokens;
    private final DeveloperMail mail;
    private final DeveloperSettings settings;
    private final AuditLog audit;
    private final EntityManager em;
    private final Clock clock;

    public OrganizationMembers(PasswordHasher passwords, NewPasswords newPasswords, SecretTokens tokens, DeveloperMail mail,
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

    /** Everyone in the caller's organization, owners first, then by when they joined. */
    @Transactional
    public List<MemberViews.Member> members(Partner caller) {
        return em.createNativeQuery("SELECT u.id, u.display_name, u.email, m.role, m.created_at FROM organization_members m "
                        + "JOIN users u ON u.id = m.user_id WHERE m.organization_id = ?1 "
                        + "ORDER BY (m.role = 'owner') DESC, m.created_at, u.email", Object[].class)
                .setParameter(1, caller.organizationId()).getResultList().stream()
                .map(r -> member((Object[]) r)).toList();
    }

    /** Invitations neither accepted nor revoked, newest first (owners only). */
    @Transactional
    public List<MemberViews.PendingInvitation> pendingInvitations(Partner caller) {
        requireOwner(caller);
        Instant now = clock.instant();
        return Invitation.<Invitation>list("organizationId = ?1 and acceptedAt is null and revokedAt is null order by createdAt desc",
                caller.organizationId()).stream().map(i -> pending(i, now)).toList();
    }

    /**
     * Invites {@code email} with {@code role} (owners only). An open invitation to the same
     * address is revoked and replaced; a current member's address is a conflict.
     */
    @Transactional
    public Invited invite(Partner caller, MemberRequests.Invite req) {
        requireOwner(caller);
        Organization org = lockOrganization(caller.organizationId());
        String email = req.email().trim();
        if (memberByEmail(org.id, email) != null) {
            throw new ApiProblem(ProblemType.ALREADY_A_MEMBER, email + " is already a member of " + org.name + ".");
        }
        Instant now = clock.instant();
        List<Invitation> replaced = Invitation.list("organizationId = ?1 and lower(email) = ?2 and acceptedAt is null and revokedAt is null",
                org.id, email.toLowerCase(Locale.ROOT));
        for (Invitation old : replaced) {
            old.revokedAt = now;
        }
        em.flush();

        String token = tokens.generate(SecretTokens.MAILED);
        Invitation inv = new Invitation();
        inv.id = UUID.randomUUID();
        inv.organizationId = org.id;
        inv.email = email;
        inv.role = req.role();
        inv.tokenHash = tokens.hash(token);
        inv.invitedBy = caller.userId();
        inv.createdAt = now;
        inv.expiresAt = now.plus(settings.invitationTtl());
        inv.persist();

        MemberViews.PendingInvitation view = pending(inv, now);
        audit.record("invitation.created", "invitation", inv.id,
                replaced.isEmpty() ? null : Map.of("replacedInvitationIds", replaced.stream().map(i -> i.id).toList()), view);
        return new Invited(view, mail.invitation(email, nameOf(caller.userId()), org.name, inv.role, token, settings.invitationTtl()));
    }

    /** Withdraws an open invitation of the caller's organization (owners only); its link stops working. */
    @Transactional
    public void revokeInvitation(Partner caller, UUID invitationId) {
        requireOwner(caller);
        Invitation inv = Invitation.findById(invitationId);
        if (inv == null || !inv.organizationId.equals(caller.organizationId()) || !inv.open()) {
            throw ApiProblem.notFound("Invitation", invitationId);
        }
        Instant now = clock.instant();
        MemberViews.PendingInvitation before = pending(inv, now);
        inv.revokedAt = now;
        audit.record("invitation.revoked", "invitation", inv.id, before, null);
    }

    /** What a still-usable invitation offers, without using it up. */
    @Transactional
    public MemberViews.InvitationOffer offer(String token) {
        Invitation inv = usable(Invitation.<Invitation>find("tokenHash", tokens.hash(token)).firstResult());
        Organization org = Organization.findById(inv.organizationId);
        return new MemberViews.InvitationOffer(inv.email, org.name, inv.role, inviterName(inv), inv.expiresAt);
    }

    /**
     * Creates the invited person's account (email verified: the mail proved the address) as a
     * member of the inviting organization, and uses the invitation up. Returns the new user's id.
     */
    @Transactional
    public UUID accept(MemberRequests.Accept req) {
        // Locked so two clicks on the same link cannot both create an account.
        Invitation inv = usable(Invitation.<Invitation>find("tokenHash", tokens.hash(req.token()))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult());
        // Admins are users too: any account with this address counts.
        if (((Number) em.createNativeQuery("SELECT count(*) FROM users WHERE lower(email) = ?1")
                .setParameter(1, inv.email.toLowerCase(Locale.ROOT)).getSingleResult()).longValue() > 0) {
            throw new ApiProblem(ProblemType.ACCOUNT_EXISTS, inv.email + " already has a Gatehouse account. An account belongs "
                    + "to exactly one organization, so it cannot join another one: log in with that account, or ask "
                    + inviterName(inv) + " to invite a different address.");
        }
        newPasswords.check(req.password(), req.name(), inv.email);
        String name = ClientInput.requiredText("name", req.name());
        Instant now = clock.instant();
        PartnerUser user = new PartnerUser();
        user.id = UUID.randomUUID();
        user.email = inv.email;
        user.displayName = name;
        user.kind = "partner";
        user.passwordHash = passwords.hash(req.password());
        user.status = "active";
        user.emailVerifiedAt = now;
        user.createdAt = user.updatedAt = now;
        user.persist();
        em.flush();
        em.createNativeQuery("INSERT INTO organization_members (organization_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, inv.organizationId).setParameter(2, user.id).setParameter(3, inv.role).setParameter(4, now)
                .executeUpdate();
        inv.acceptedAt = now;
        inv.acceptedUserId = user.id;

        String actor = user.id.toString();
        audit.recordAs("partner", actor, "invitation.accepted", "invitation", inv.id, null,
                Map.of("email", inv.email, "organizationId", inv.organizationId, "role", inv.role, "userId", user.id));
        audit.recordAs("partner", actor, "member.joined", "user", user.id, null,
                new MemberViews.Member(user.id, user.displayName, user.email, inv.role, now));
        return user.id;
    }

    /** Gives a member another role (owners only). The last owner cannot be made a developer. */
    @Transactional
    public MemberViews.Member changeRole(Partner caller, UUID userId, String role) {
        requireOwner(caller);
        lockOrganization(caller.organizationId());
        MemberViews.Member before = memberOf(caller.organizationId(), userId);
        if (before.role().equals(role)) {
            return before;
        }
        if (OWNER.equals(before.role()) && owners(caller.organizationId()) <= 1) {
            throw new ApiProblem(ProblemType.LAST_OWNER, before.name() + " is the organization's only owner: "
                    + "make someone else an owner first.");
        }
        em.createNativeQuery("UPDATE organization_members SET role = ?1 WHERE organization_id = ?2 AND user_id = ?3")
                .setParameter(1, role).setParameter(2, caller.organizationId()).setParameter(3, userId).executeUpdate();
        MemberViews.Member after = new MemberViews.Member(before.userId(), before.name(), before.email(), role, before.joined());
        audit.record("member.role-changed", "user", userId, before, after);
        return after;
    }

    /**
     * Removes a member (owners; anyone may remove themselves, i.e. leave). Their account is
     * deleted with its sessions, so they are logged out at once. The last owner cannot go.
     */
    @Transactional
    public void remove(Partner caller, UUID userId) {
        if (!caller.userId().equals(userId)) {
            requireOwner(caller);
        }
        lockOrganization(caller.organizationId());
        MemberViews.Member before = memberOf(caller.organizationId(), userId);
        if (OWNER.equals(before.role()) && owners(caller.organizationId()) <= 1) {
            throw new ApiProblem(ProblemType.LAST_OWNER, before.name() + " is the organization's only owner and cannot "
                    + (caller.userId().equals(userId) ? "leave" : "be removed") + ": make someone else an owner first.");
        }
        audit.record("member.removed", "user", userId, before, null);
        DeveloperSession.delete("userId", userId);
        PartnerUser.deleteById(userId);
    }

    private void requireOwner(Partner caller) {
        List<?> roles = em.createNativeQuery("SELECT role FROM organization_members WHERE organization_id = ?1 AND user_id = ?2")
                .setParameter(1, caller.organizationId()).setParameter(2, caller.userId()).getResultList();
        if (roles.isEmpty() || !OWNER.equals(roles.get(0))) {
            throw new ApiProblem(ProblemType.FORBIDDEN,
                    "Only an owner of the organization can invite people, change roles or remove members.");
        }
    }

    /** Serializes membership changes per organization, so two owners cannot demote each other at once. */
    private Organization lockOrganization(UUID orgId) {
        return em.find(Organization.class, orgId, LockModeType.PESSIMISTIC_WRITE);
    }

    private MemberViews.Member memberOf(UUID orgId, UUID userId) {
        List<?> rows = em.createNativeQuery("SELECT u.id, u.display_name, u.email, m.role, m.created_at FROM organization_members m "
                        + "JOIN users u ON u.id = m.user_id WHERE m.organization_id = ?1 AND m.user_id = ?2", Object[].class)
                .setParameter(1, orgId).setParameter(2, userId).getResultList();
        if (rows.isEmpty()) {
            throw ApiProblem.notFound("Member", userId);
        }
        return member((Object[]) rows.get(0));
    }

    private UUID memberByEmail(UUID orgId, String email) {
        List<?> rows = em.createNativeQuery("SELECT u.id FROM organization_members m JOIN users u ON u.id = m.user_id "
                        + "WHERE m.organization_id = ?1 AND lower(u.email) = ?2")
                .setParameter(1, orgId).setParameter(2, email.toLowerCase(Locale.ROOT)).getResultList();
        return rows.isEmpty() ? null : (UUID) rows.get(0);
    }

    private long owners(UUID orgId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM organization_members WHERE organization_id = ?1 AND role = 'owner'")
                .setParameter(1, orgId).getSingleResult()).longValue();
    }

    /** The invitation if it can still be accepted; otherwise a problem saying why, for the person holding the link. */
    private Invitation usable(Invitation inv) {
        if (inv == null) {
            throw new ApiProblem(ProblemType.INVALID_INVITATION,
                    "This invitation link does not work. It may have been copied incompletely: open it from the mail again.");
        }
        if (inv.acceptedAt != null) {
            throw new ApiProblem(ProblemType.INVALID_INVITATION,
                    "This invitation has already been accepted. Log in with the password chosen then.");
        }
        if (inv.revokedAt != null) {
            throw new ApiProblem(ProblemType.INVALID_INVITATION, "This invitation was withdrawn or replaced by a newer one. "
                    + "Use the link in the latest invitation mail, or ask " + inviterName(inv) + " to invite you again.");
        }
        if (!inv.expiresAt.isAfter(clock.instant())) {
            throw new ApiProblem(ProblemType.INVALID_INVITATION, "This invitation expired on " + DAY.format(inv.expiresAt)
                    + ". Ask " + inviterName(inv) + " to invite you again.");
        }
        return inv;
    }

    private String inviterName(Invitation inv) {
        return inv.invitedBy == null ? "an owner of the organization" : nameOf(inv.invitedBy);
    }

    private String nameOf(UUID userId) {
        PartnerUser u = PartnerUser.findById(userId);
        return u == null ? "an owner of the organization" : u.displayName;
    }

    private MemberViews.PendingInvitation pending(Invitation inv, Instant now) {
        return new MemberViews.PendingInvitation(inv.id, inv.email, inv.role,
                inv.invitedBy == null ? null : nameOf(inv.invitedBy), inv.createdAt, inv.expiresAt, !inv.expiresAt.isAfter(now));
    }

    private static MemberViews.Member member(Object[] r) {
        return new MemberViews.Member((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], instant(r[4]));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
