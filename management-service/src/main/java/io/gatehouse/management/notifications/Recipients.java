package io.gatehouse.management.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * Who in an organization receives a topic: members whose account is active and whose email is verified (a mail never
 * goes to an address nobody proved), unless they turned the topic off.
 */
@ApplicationScoped
public class Recipients {

    /** A member to mail. */
    public record Member(UUID userId, String email, String name) {
    }

    private final EntityManager em;

    public Recipients(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public List<Member> of(UUID organizationId, NotificationTopic topic) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT u.id, u.email, u.display_name FROM organization_members m "
                        + "JOIN users u ON u.id = m.user_id WHERE m.organization_id = ?1 AND u.status = 'active' "
                        + "AND u.email_verified_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM notification_preferences p "
                        + "WHERE p.user_id = u.id AND p.topic = ?2 AND NOT p.enabled) ORDER BY u.email", Object[].class)
                .setParameter(1, organizationId).setParameter(2, topic.code()).getResultList();
        return rows.stream().map(r -> new Member((UUID) r[0], (String) r[1], (String) r[2])).toList();
    }
}
