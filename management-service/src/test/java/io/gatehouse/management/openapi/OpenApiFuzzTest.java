package io.gatehouse.management.openapi;

import io.gatehouse.management.AdminApi;
import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.gatehouse.testing.fuzz.ApiDocument;
import io.gatehouse.testing.fuzz.ApiOperation;
import io.gatehouse.testing.fuzz.FuzzReport;
import io.gatehouse.testing.fuzz.FuzzSettings;
import io.gatehouse.testing.fuzz.OpenApiFuzzer;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The admin, developer and internal APIs, driven from their own {@code /q/openapi} with generated and mutated
 * requests (see {@link OpenApiFuzzer}): no 5xx, every answer as documented, nothing the schema forbids accepted.
 * 2,000 requests or 90 seconds by default; {@code -Dgatehouse.fuzz.seed/tries/seconds} replay or lengthen a run.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OpenApiFuzzTest {

    private static final String PORTAL_TOKEN = "test-portal-token-0123456789";
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern MAIL_TOKEN = Pattern.compile("token=([A-Za-z0-9_%-]+)");

    @TestHTTPResource("/")
    URI base;

    @Inject
    MockMailbox mailbox;

    @Test
    void no_request_to_the_documented_apis_gets_a_5xx_an_undocumented_answer_or_accepted_when_forbidden() throws Exception {
        String json = given().accept(ContentType.JSON).queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        Path copy = Path.of("target", "fuzz", "management-openapi.json");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, json);
        ApiDocument document = ApiDocument.parse(json);
        assertEquals(List.of(), document.problems(), "what swagger-parser finds wrong with the document");

        AdminApi.World world = AdminApi.World.create();
        String key = AdminApi.admin().body(Map.of("name", "fuzz")).post("/admin/v1/applications/" + world.appId() + "/keys")
                .then().statusCode(201).extract().path("details.id");
        String email = "fuzz-" + Long.toString(System.nanoTime(), 36) + "@example.com";
        String session = readyPartner(email);
        String partnerApp = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + session)
                .body(Map.of("name", "Fuzzed")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");

        Map<String, List<String>> known = new HashMap<>();
        known.put("apis/id", List.of(world.apiId()));
        known.put("apiId", List.of(world.apiId()));
        known.put("plans/id", List.of(world.planId()));
        known.put("planId", List.of(world.planId()));
        known.put("organizations/id", List.of(world.orgId()));
        known.put("organizationId", List.of(world.orgId()));
        known.put("applications/id", List.of(world.appId()));
        known.put("applications/applicationId", List.of(partnerApp, world.appId()));
        known.put("applicationId", List.of(world.appId(), partnerApp));
        known.put("subscriptions/id", List.of(world.subscriptionId()));
        known.put("subscriptionId", List.of(world.subscriptionId()));
        known.put("keys/id", List.of(key));
        known.put("keyId", List.of(key));

        AtomicInteger ip = new AtomicInteger();
        FuzzReport report = OpenApiFuzzer.of(document)
                .baseUri(base)
                .knownValues(known::get)
                // Logging out would end the partner's session and leave the rest of the run at 401.
                .only(op -> !op.path().equals("/developer/v1/sessions/current"))
                .headers(op -> headers(op, session, ip.incrementAndGet()))
                .run(FuzzSettings.fromSystemProperties());
        System.out.println(report.summary());
        report.assertClean();
    }

    private static Map<String, String> headers(ApiOperation op, String session, int n) {
        if (op.path().startsWith("/developer/")) {
            return Map.of("Authorization", "Bearer " + session, "X-Gatehouse-Portal-Token", PORTAL_TOKEN,
                    "X-Gatehouse-Client-IP", "10.77." + (n / 250 % 250) + "." + (1 + n % 250));
        }
        if (op.path().startsWith("/internal/v1/billing")) {
            return Map.of("Authorization", "Bearer test-billing-token-0123456789");
        }
        if (op.path().startsWith("/internal/")) {
            return Map.of("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN);
        }
        return Map.of("Authorization", "Bearer " + AdminApi.ADMIN_TOKEN);
    }

    private String readyPartner(String email) {
        given().contentType(ContentType.JSON).header("X-Gatehouse-Portal-Token", PORTAL_TOKEN).header("X-Gatehouse-Client-IP", "10.66.0.1")
                .body(Map.of("name", "Fuzz Partner", "email", email, "company", "Fuzz " + email, "password", PASSWORD))
                .post("/developer/v1/signup").then().statusCode(202);
        List<Mail> mails = mailbox.getMailsSentTo(email);
        Matcher m = MAIL_TOKEN.matcher(mails.get(mails.size() - 1).getText());
        if (!m.find()) {
            throw new AssertionError("no token in the mail to " + email);
        }
        given().contentType(ContentType.JSON).header("X-Gatehouse-Portal-Token", PORTAL_TOKEN).header("X-Gatehouse-Client-IP", "10.66.0.1")
                .body(Map.of("token", URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)))
                .post("/developer/v1/email-verifications").then().statusCode(200);
        return given().contentType(ContentType.JSON).header("X-Gatehouse-Portal-Token", PORTAL_TOKEN).header("X-Gatehouse-Client-IP", "10.66.0.1")
                .body(Map.of("email", email, "password", PASSWORD))
                .post("/developer/v1/sessions").then().statusCode(201).extract().path("token");
    }
}
