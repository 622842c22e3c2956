package io.gatehouse.management.catalog;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiTags;
import io.gatehouse.management.apis.Lifecycle;
import io.gatehouse.management.problem.ApiProblem;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Finds the catalog's APIs in PostgreSQL, so the catalog can grow without the portal reading all of it: by words
 * (each must appear, case-insensitive, in the name, the description or a tag) and by one tag. Both combine.
 */
@ApplicationScoped
public class CatalogSearch {

    /** The longest search text; longer is a 400 {@code validation-failed} problem on {@code q}. */
    public static final int MAX_QUERY = 200;
    static final Set<Lifecycle> VISIBLE = Set.of(Lifecycle.PUBLISHED, Lifecycle.DEPRECATED);

    /**
     * Published and deprecated APIs by name then version: all of them when {@code q} and {@code tag} are blank, else
     * those that hold every word of {@code q} and carry {@code tag}. A tag that no API could carry finds none.
     */
    public List<Api> find(String q, String tag) {
        List<String> words = words(q);
        boolean byTag = tag != null && !tag.isBlank();
        String wanted = ApiTags.filter(tag);
        if (byTag && wanted == null) {
            return List.of();
        }
        if (words.isEmpty() && !byTag) {
            return Api.<Api>find("lifecycle in ?1", Sort.by("name").and("version"), VISIBLE).list();
        }
        StringBuilder sql = new StringBuilder("SELECT a.id FROM apis a WHERE a.lifecycle IN (:visible)");
        for (int i = 0; i < words.size(); i++) {
            String w = ":w" + i;
            sql.append(" AND (a.name ILIKE ").append(w).append(" ESCAPE '\\' OR a.description ILIKE ").append(w)
                    .append(" ESCAPE '\\' OR array_to_string(a.tags, ' ') ILIKE ").append(w).append(" ESCAPE '\\')");
        }
        if (byTag) {
            sql.append(" AND a.tags @> ARRAY[CAST(:tag AS text)]");
        }
        Query query = Api.getEntityManager().createNativeQuery(sql.toString(), UUID.class)
                .setParameter("visible", VISIBLE.stream().map(Lifecycle::code).toList());
        for (int i = 0; i < words.size(); i++) {
            query.setParameter("w" + i, "%" + escapeLike(words.get(i)) + "%");
        }
        if (byTag) {
            query.setParameter("tag", wanted);
        }
        @SuppressWarnings("unchecked")
        List<UUID> ids = query.getResultList();
        return ids.isEmpty() ? List.of() : Api.<Api>find("id in ?1", Sort.by("name").and("version"), ids).list();
    }

    /** Every tag of a published or deprecated API, alphabetical, with how many of them carry it. */
    public List<CatalogTag> tags() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Api.getEntityManager().createNativeQuery(
                        "SELECT t, count(*) FROM apis a, unnest(a.tags) t WHERE a.lifecycle IN (:visible) GROUP BY t ORDER BY t")
                .setParameter("visible", VISIBLE.stream().map(Lifecycle::code).toList())
                .getResultList();
        List<CatalogTag> tags = new ArrayList<>();
        for (Object[] row : rows) {
            tags.add(new CatalogTag((String) row[0], ((Number) row[1]).longValue()));
        }
        return tags;
    }

    private static List<String> words(String q) {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        if (q.length() > MAX_QUERY) {
            throw ApiProblem.invalidField("q", "search with at most " + MAX_QUERY + " characters");
        }
        return Arrays.stream(q.trim().split("\\s+")).distinct().toList();
    }

    private static String escapeLike(String word) {
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
