package io.gatehouse.management.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A partner's choice of notification topics ({@code notification_preferences}, V48); a topic without a row is on. */
@ApplicationScoped
public class NotificationPreferences {

    private final EntityManager em;
    private final Clock clock;

    public NotificationPreferences(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Every topic with whether {@code userId} receives it. */
    @Transactional
    public Map<NotificationTopic, Boolean> of(UUID userId) {
        Map<NotificationTopic, Boolean> choices = new EnumMap<>(NotificationTopic.class);
        for (NotificationTopic t : NotificationTopic.values()) {
            choices.put(t, true);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT topic, enabled FROM notification_preferences WHERE user_id = ?1",
                Object[].class).setParameter(1, userId).getResultList();
        for (Object[] r : rows) {
            NotificationTopic.of((String) r[0]).ifPresent(t -> choices.put(t, (Boolean) r[1]));
        }
        return choices;
    }

    /** Stores the given choices (topics left out keep theirs) and answers every topic. */
    @Transactional
    public Map<NotificationTopic, Boolean> choose(UUID userId, Map<NotificationTopic, Boolean> choices) {
        Instant now = clock.instant();
        choices.forEach((topic, enabled) -> em.createNativeQuery("INSERT INTO notification_preferences "
                        + "(user_id, topic, enabled, updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id, topic) "
                        + "DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at")
                .setParameter(1, userId).setParameter(2, topic.code()).setParameter(3, enabled).setParameter(4, now)
                .executeUpdate());
        return of(userId);
    }
}
