package io.gatehouse.management.openapi;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /q/openapi} is written for the people who call the APIs, not for whoever reads our Java. */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OpenApiDocumentTest {

    static final Set<String> TAGS = Set.of("admin", "developer", "internal");
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Generated names of classes that are not ours to publish: implementations, numbered clashes, library types. */
    static final Pattern INTERNAL_NAME = Pattern.compile(".*Impl$|.*\\d$|^(Json(Node|NodeType)|Atomic.*|Charset|Locale|Template.*|"
            + "Engine.*|Evaluator|Expression|Section.*|Variant|ValueResolver|ResultMapper|NamespaceResolver|ParserHook|"
            + "TraceListener|Initializer|Parameter.*|Predicate.*|Function.*|Object|Class|Optional.*)$");

    JsonPath document;

    @BeforeEach
    void fetch() {
        document = given().accept(ContentType.JSON).queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void no_console_page_is_in_the_document() {
        List<String> console = paths().stream().filter(p -> p.equals("/console") || p.startsWith("/console/")).toList();
        assertTrue(console.isEmpty(), "console pages in the API document: " + console);
    }

    @Test
    void every_operation_has_exactly_one_of_the_audience_tags() {
        List<String> wrong = new ArrayList<>();
        operations().forEach((operation, tags) -> {
            if (tags == null || tags.size() != 1 || !TAGS.contains(tags.get(0))) {
                wrong.add(operation + " " + tags);
            }
        });
        assertTrue(wrong.isEmpty(), "operations without one of " + TAGS + ": " + wrong);
        List<String> declared = document.getList("tags.name");
        assertEquals(TAGS, new TreeSet<>(declared), "the document declares (and describes) the three tags");
    }

    @Test
    void each_audience_tag_covers_its_own_prefix() {
        operations().forEach((operation, tags) -> {
            String path = operation.substring(operation.indexOf(' ') + 1);
            String expected = path.startsWith("/admin/v1/") ? "admin" : path.startsWith("/developer/v1/") ? "developer" : "internal";
            assertEquals(List.of(expected), tags, operation);
        });
    }

    @Test
    void no_schema_is_named_after_an_internal_type() {
        Map<String, Object> schemas = document.getMap("components.schemas");
        List<String> internal = schemas.keySet().stream().filter(n -> INTERNAL_NAME.matcher(n).matches()).sorted().toList();
        assertTrue(internal.isEmpty(), "schemas named like internal types: " + internal);
    }

    @Test
    void request_bodies_have_names_that_say_what_they_are() {
        Map<String, Object> schemas = document.getMap("components.schemas");
        for (String name : List.of("CreateApi", "UpdateApi", "CreatePlan", "UpdatePlan", "CreateOrganization",
                "CreateApplication", "CreatePartnerApplication", "CreateSubscription", "IssueKey", "PutGuide")) {
            assertTrue(schemas.containsKey(name), name + " in " + schemas.keySet());
        }
        for (String generic : List.of("Create", "Update", "Put", "Issue", "Revoke", "Rotate", "Accept", "Me")) {
            assertTrue(!schemas.containsKey(generic), "a schema named just " + generic);
        }
    }

    @Test
    void the_admin_developer_and_internal_paths_are_still_there() {
        Set<String> paths = new TreeSet<>(paths());
        for (String p : List.of("/admin/v1/apis", "/admin/v1/apis/{id}", "/admin/v1/plans", "/admin/v1/organizations",
                "/admin/v1/applications", "/admin/v1/subscriptions", "/admin/v1/audit", "/admin/v1/gateways",
                "/developer/v1/catalog", "/developer/v1/sessions", "/internal/v1/gateway/snapshot")) {
            assertTrue(paths.contains(p), p + " in " + paths);
        }
    }

    private Set<String> paths() {
        Map<String, Object> paths = document.getMap("paths");
        return paths.keySet();
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<String>> operations() {
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        Map<String, List<String>> operations = new java.util.TreeMap<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                operations.put(method.toUpperCase() + " " + path, (List<String>) ((Map<String, Object>) operation).get("tags"));
            }
        }));
        return operations;
    }
}
