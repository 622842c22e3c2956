package io.gatehouse.management.audit;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class AuditSearchTest {

    @Test
    void finds_entries_by_entity_type_actor_and_day() {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Searched")));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        admin().queryParam("entityType", "organization").queryParam("entityId", org)
                .queryParam("actorId", "bootstrap-admin").queryParam("from", today).queryParam("to", today)
                .get("/admin/v1/audit").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].action", equalTo("organization.created"));
        admin().queryParam("entityId", org).queryParam("actorId", "someone-else").get("/admin/v1/audit").then()
                .body("items", hasSize(0));
        admin().queryParam("entityType", "organization").get("/admin/v1/audit").then()
                .body("items.entityType", everyItem(equalTo("organization")));
    }

    @Test
    void exports_the_search_as_csv() {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Exported")));
        String csv = admin().queryParam("entityId", org).get("/admin/v1/audit/export").then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("attachment"))
                .extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(2, lines.length, csv);
        assertTrue(lines[0].startsWith("occurred_at,actor_type,actor_id,action"));
        assertTrue(lines[1].contains("organization.created") && lines[1].contains(org));
    }

    @Test
    void names_a_date_it_cannot_read() {
        admin().queryParam("from", "yesterday").get("/admin/v1/audit").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
    }
}
