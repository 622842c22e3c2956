package io.gatehouse.management.problem;

import io.gatehouse.management.AdminApi;
import io.gatehouse.management.developer.DeveloperApi;
import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A name, title or company made only of blanks (ASCII or Unicode) is the client's mistake: a 400
 * {@code validation-failed} naming the field, on every endpoint that takes one, and nothing is stored.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class BlankTextTest {

    /** Spaces, a tab, a no-break space, an em space, an ideographic space, and all of them together. */
    static final List<String> BLANKS = List.of("   ", "\t", "\u00A0", "\u2003", "\u3000", " \t\u00A0\u2007\u202F\u2003\u3000 ");

    @Inject
    MockMailbox mailbox;

    @Test
    void creating_apis_organizations_applications_plans_and_products_with_a_blank_name_is_refused_naming_it() {
        String route = "/" + unique("blank");
        String api = create("/admin/v1/apis", Map.of("name", unique("Blank"), "routePath", route,
                "upstreamUrl", "http://127.0.0.1:9/base"));
        String org = create("/admin/v1/organizations", Map.of("name", unique("Org")));
        List<String> wrong = new ArrayList<>();
        for (String blank : BLANKS) {
            refused(wrong, "POST apis", "name", () -> admin().body(Map.of("name", blank, "routePath", "/" + unique("b"),
                    "upstreamUrl", "http://127.0.0.1:9/base")).post("/admin/v1/apis"), blank);
            refused(wrong, "POST organizations", "name", () -> admin().body(Map.of("name", blank))
                    .post("/admin/v1/organizations"), blank);
            refused(wrong, "POST applications", "name", () -> admin().body(Map.of("organizationId", org, "name", blank))
                    .post("/admin/v1/applications"), blank);
            refused(wrong, "POST plans", "name", () -> admin().body(Map.of("apiId", api, "name", blank))
                    .post("/admin/v1/plans"), blank);
            refused(wrong, "POST products", "name", () -> admin().body(Map.of("name", blank))
                    .post("/admin/v1/products"), blank);
            refused(wrong, "PUT guide", "title", () -> admin().body(Map.of("title", blank, "markdown", "# Hi"))
                    .put("/admin/v1/apis/" + api + "/guides/start"), blank);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        admin().get("/admin/v1/apis/" + api + "/guides").then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void renaming_apis_organizations_applications_plans_and_products_to_blanks_is_refused_and_keeps_the_name() {
        AdminApi.World world = AdminApi.World.create();
        String product = create("/admin/v1/products", Map.of("name", unique("Product")));
        Map<String, String> things = Map.of("apis", world.apiId(), "organizations", world.orgId(),
                "applications", world.appId(), "plans", world.planId(), "products", product);
        Map<String, String> names = new HashMap<>();
        things.forEach((kind, id) -> names.put(kind, admin().get("/admin/v1/" + kind + "/" + id).then().statusCode(200)
                .extract().path("name")));
        List<String> wrong = new ArrayList<>();
        for (String blank : BLANKS) {
            things.forEach((kind, id) -> refused(wrong, "PATCH " + kind, "name",
                    () -> admin().body(Map.of("name", blank)).patch("/admin/v1/" + kind + "/" + id), blank));
        }
        things.forEach((kind, id) -> {
            String now = admin().get("/admin/v1/" + kind + "/" + id).then().extract().path("name");
            if (!names.get(kind).equals(now)) {
                wrong.add(kind + " is now named '" + now + "'");
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void a_partner_naming_an_application_with_blanks_is_refused_naming_the_field_and_the_name_stays() {
        String session = DeveloperApi.readyPartner(mailbox, DeveloperApi.uniqueEmail("blank"));
        String app = DeveloperApi.as(session).body(Map.of("name", "Kept")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        List<String> wrong = new ArrayList<>();
        for (String blank : BLANKS) {
            refused(wrong, "POST developer applications", "name", () -> DeveloperApi.as(session)
                    .body(Map.of("name", blank)).post("/developer/v1/applications"), blank);
            refused(wrong, "PATCH developer application", "name", () -> DeveloperApi.as(session)
                    .body(Map.of("name", blank)).patch("/developer/v1/applications/" + app), blank);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        DeveloperApi.as(session).get("/developer/v1/applications/" + app).then().statusCode(200)
                .body("application.name", equalTo("Kept"));
        DeveloperApi.as(session).get("/developer/v1/applications").then().statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void signing_up_with_a_blank_name_or_company_is_refused_naming_the_field() {
        List<String> wrong = new ArrayList<>();
        for (String blank : BLANKS) {
            for (String field : List.of("name", "company")) {
                Map<String, String> body = new HashMap<>(Map.of("name", "Ada Lovelace", "company", unique("Analytical"),
                        "email", DeveloperApi.uniqueEmail("blank"), "password", DeveloperApi.PASSWORD));
                body.put(field, blank);
                refused(wrong, "POST signup", field, () -> DeveloperApi.anonymous().body(body)
                        .post("/developer/v1/signup"), blank);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void a_key_named_with_blanks_is_refused_naming_the_field_by_admins_and_partners() {
        AdminApi.World world = AdminApi.World.create();
        String session = DeveloperApi.readyPartner(mailbox, DeveloperApi.uniqueEmail("keys"));
        String app = DeveloperApi.as(session).body(Map.of("name", "Keyed")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        List<String> wrong = new ArrayList<>();
        for (String blank : BLANKS) {
            refused(wrong, "POST admin keys", "name", () -> admin().body(Map.of("name", blank))
                    .post("/admin/v1/applications/" + world.appId() + "/keys"), blank);
            refused(wrong, "POST developer keys", "name", () -> DeveloperApi.as(session).body(Map.of("name", blank))
                    .post("/developer/v1/applications/" + app + "/keys"), blank);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        DeveloperApi.as(session).get("/developer/v1/applications/" + app + "/keys").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void accepting_an_invitation_with_a_blank_name_is_refused_naming_the_field_and_the_invitation_stays_usable() {
        String owner = DeveloperApi.readyPartner(mailbox, DeveloperApi.uniqueEmail("owner"));
        String mate = DeveloperApi.uniqueEmail("mate");
        DeveloperApi.as(owner).body(Map.of("email", mate, "role", "developer"))
                .post("/developer/v1/organization/invitations").then().statusCode(201);
        String token = DeveloperApi.tokenFromLastMail(mailbox, mate);
        List<String> wrong = new ArrayList<>();
        for (String blank : BLANKS) {
            refused(wrong, "POST invitations/accept", "name", () -> DeveloperApi.anonymous()
                    .body(Map.of("token", token, "name", blank, "password", "teammate password"))
                    .post("/developer/v1/invitations/accept"), blank);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        DeveloperApi.anonymous().body(Map.of("token", token, "name", "Grace Hopper", "password", "teammate password"))
                .post("/developer/v1/invitations/accept").then().statusCode(201);
    }

    /** Adds to {@code wrong} what the call answered unless it is a 400 validation-failed naming only {@code field}. */
    private static void refused(List<String> wrong, String call, String field, Supplier<Response> request, String blank) {
        Response r = request.get();
        String what = call + " with " + field + " " + codes(blank);
        if (r.statusCode() != 400) {
            wrong.add(what + ": " + r.statusCode() + " " + r.asString());
            return;
        }
        if (!r.contentType().startsWith("application/problem+json")
                || !"urn:gatehouse:problem:validation-failed".equals(r.path("type"))
                || !List.of(field).equals(r.path("errors.field"))) {
            wrong.add(what + ": " + r.asString());
        }
    }

    private static String codes(String text) {
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(c -> s.append(String.format("U+%04X ", c)));
        return s.toString().trim();
    }
}
