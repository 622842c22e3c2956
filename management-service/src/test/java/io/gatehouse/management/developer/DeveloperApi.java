package io.gatehouse.management.developer;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** The developer API as the portal uses it, for tests. */
public final class DeveloperApi {

    static final String PORTAL_TOKEN = "test-portal-token-0123456789";
    static final String ADMIN_TOKEN = "test-admin-token";
    static final String GATEWAY_TOKEN = "test-gateway-token-0123456789";
    public static final String PASSWORD = "correct horse battery";
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_%-]+)");

    private DeveloperApi() {
    }

    /** An anonymous call, as the portal makes it on behalf of a browser at {@code ip}. */
    public static RequestSpecification from(String ip) {
        return given().contentType(ContentType.JSON)
                .header(ClientAddress.PORTAL_TOKEN, PORTAL_TOKEN).header(ClientAddress.CLIENT_IP, ip);
    }

    public static RequestSpecification anonymous() {
        return from(randomIp());
    }

    public static RequestSpecification as(String sessionToken) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + sessionToken);
    }

    public static RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** As a gateway reads its configuration. */
    public static RequestSpecification gateway() {
        return given().header("Authorization", "Bearer " + GATEWAY_TOKEN);
    }

    public static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    public static String uniqueEmail(String who) {
        return who + "-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    }

    static void signup(String email) {
        anonymous().body(Map.of("name", "Ada Lovelace", "email", email, "company", "Analytical " + email,
                        "password", PASSWORD))
                .post("/developer/v1/signup").then().statusCode(202);
    }

    static String login(String email) {
        return anonymous().body(Map.of("email", email, "password", PASSWORD))
                .post("/developer/v1/sessions").then().statusCode(201).extract().path("token");
    }

    /** The token in the last mail to {@code email}. */
    public static String tokenFromLastMail(MockMailbox mailbox, String email) {
        List<Mail> mails = mailbox.getMailsSentTo(email);
        if (mails == null || mails.isEmpty()) {
            throw new AssertionError("no mail to " + email);
        }
        Matcher m = TOKEN.matcher(mails.get(mails.size() - 1).getText());
        if (!m.find()) {
            throw new AssertionError("no token in the mail to " + email);
        }
        return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Signs up, verifies the email from the mail, logs in: a session token of a ready partner. */
    public static String readyPartner(MockMailbox mailbox, String email) {
        signup(email);
        anonymous().body(Map.of("token", tokenFromLastMail(mailbox, email)))
                .post("/developer/v1/email-verifications").then().statusCode(200);
        return login(email);
    }

    /** A published API with a public plan (100/minute, 1000/day in Europe/Berlin); returns the plan id. */
    public static String publishedPlan(boolean approvalRequired) {
        String route = "/" + "dev-" + Long.toString(System.nanoTime(), 36);
        String api = admin().body(Map.of("name", "Weather " + route, "lifecycle", "published",
                        "routePath", route, "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        return admin().body(Map.of("apiId", api, "name", "Starter", "approvalRequired", approvalRequired,
                        "timeZone", "Europe/Berlin",
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"),
                                Map.of("kind", "quota", "maxRequests", 1000, "timeUnit", "day"))))
                .post("/admin/v1/plans").then().statusCode(201).extract().path("id");
    }
}
