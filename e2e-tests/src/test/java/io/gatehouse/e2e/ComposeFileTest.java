package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks {@code docker-compose.yml}, the Dockerfiles under {@code deploy/docker/} and the Keycloak realm
 * under {@code deploy/keycloak/} without a Docker engine: the stack cannot be started on the build machines,
 * so this is what keeps it honest. YAML anchors, aliases and {@code <<} merge keys are resolved as Compose
 * resolves them, and {@code ${VAR:-default}} is interpolated with its default.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ComposeFileTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path ROOT = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();

    /** Service name → the port it listens on inside its container and publishes on the host. */
    private static final Map<String, Integer> EXPECTED_PORTS = new LinkedHashMap<>();
    static {
        EXPECTED_PORTS.put("postgres", 5432);
        EXPECTED_PORTS.put("redis", 6379);
        EXPECTED_PORTS.put("keycloak", 8180);
        EXPECTED_PORTS.put("management-service", 8081);
        EXPECTED_PORTS.put("gateway", 8080);
        EXPECTED_PORTS.put("developer-portal", 8082);
        EXPECTED_PORTS.put("billing-metering", 8083);
        EXPECTED_PORTS.put("demo-upstream", 8090);
    }

    /** Compose service → the Maven module its image is built from. */
    private static final Map<String, String> JAVA_SERVICES = Map.of(
            "management-service", "management-service",
            "gateway", "gateway-runtime",
            "developer-portal", "developer-portal",
            "billing-metering", "billing-metering",
            "demo-upstream", "demo-upstream");

    private static final List<String> REALM_ROLES = List.of("platform-admin", "api-owner", "billing-viewer", "auditor");

    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void read_the_compose_file() throws IOException {
        Path file = ROOT.resolve("docker-compose.yml");
        assertTrue(Files.isRegularFile(file), file + " is missing");
        compose = readYaml(file);
        services = compose.path("services");
        assertTrue(services.isObject() && services.size() > 0, "docker-compose.yml has no services");
    }

    // ------------------------------------------------------------------------------------------ services

    @Test
    void every_expected_service_is_defined_and_publishes_its_port() {
        for (Map.Entry<String, Integer> expected : EXPECTED_PORTS.entrySet()) {
            JsonNode service = services.get(expected.getKey());
            assertNotNull(service, "service " + expected.getKey() + " is not defined");
            List<int[]> ports = publishedPorts(service);
            int port = expected.getValue();
            assertTrue(ports.stream().anyMatch(p -> p[0] == port && p[1] == port),
                    expected.getKey() + " must publish " + port + ":" + port + ", has " + describe(ports));
        }
    }

    @Test
    void no_java_service_publishes_its_management_port() {
        for (String name : JAVA_SERVICES.keySet()) {
            int ops = EXPECTED_PORTS.get(name) + 1000;
            List<int[]> ports = publishedPorts(services.get(name));
            assertTrue(ports.stream().noneMatch(p -> p[0] == ops || p[1] == ops),
                    name + " must not publish its management port " + ops + ", has " + describe(ports));
        }
    }

    @Test
    void the_infrastructure_services_use_the_agreed_images_and_health_checks() {
        assertEquals("postgres:15", text(services, "postgres", "image"));
        assertEquals("redis:7", text(services, "redis", "image"));
        assertEquals("quay.io/keycloak/keycloak:26.5.6", text(services, "keycloak", "image"));
        assertTrue(services.at("/postgres/healthcheck/test").toString().contains("pg_isready"), "postgres healthcheck uses pg_isready");
        assertTrue(services.at("/redis/healthcheck/test").toString().contains("redis-cli"), "redis healthcheck uses redis-cli ping");
        assertEquals("gatehouse", env("postgres", "POSTGRES_DB"));
        assertEquals("gatehouse", env("postgres", "POSTGRES_USER"));
        assertFalse(env("postgres", "POSTGRES_PASSWORD").isBlank(), "postgres needs a password");

        String keycloakCommand = commandLine(services.at("/keycloak/command"));
        for (String part : List.of("start-dev", "--import-realm", "--http-port", "8180")) {
            assertTrue(keycloakCommand.contains(part), "keycloak command lacks " + part + ": " + keycloakCommand);
        }
        assertFalse(env("keycloak", "KC_BOOTSTRAP_ADMIN_USERNAME").isBlank());
        assertFalse(env("keycloak", "KC_BOOTSTRAP_ADMIN_PASSWORD").isBlank());
    }

    @Test
    void every_build_context_and_dockerfile_exists_on_disk() {
        for (Map.Entry<String, String> javaService : JAVA_SERVICES.entrySet()) {
            JsonNode build = services.path(javaService.getKey()).path("build");
            assertFalse(build.isMissingNode(), javaService.getKey() + " must be built from its module");
            Path context = buildContext(build);
            assertEquals(ROOT.resolve(javaService.getValue()).normalize(), context,
                    javaService.getKey() + " must be built from module " + javaService.getValue());
        }
        Iterator<Map.Entry<String, JsonNode>> all = services.fields();
        while (all.hasNext()) {
            Map.Entry<String, JsonNode> service = all.next();
            JsonNode build = service.getValue().path("build");
            if (build.isMissingNode()) {
                assertFalse(service.getValue().path("image").asText().isBlank(), service.getKey() + " has neither image nor build");
                continue;
            }
            Path context = buildContext(build);
            assertTrue(Files.isDirectory(context), service.getKey() + ": build context " + context + " does not exist");
            Path dockerfile = dockerfile(build);
            assertTrue(Files.isRegularFile(dockerfile), service.getKey() + ": dockerfile " + dockerfile + " does not exist");
        }
    }

    @Test
    void every_dockerfile_runs_the_quarkus_fast_jar_as_a_non_root_user_on_its_port() throws IOException {
        for (Map.Entry<String, String> javaService : JAVA_SERVICES.entrySet()) {
            String name = javaService.getKey();
            Path dockerfile = dockerfile(services.path(name).path("build"));
            String text = Files.readString(dockerfile, StandardCharsets.UTF_8);
            int port = EXPECTED_PORTS.get(name);

            assertTrue(Pattern.compile("(?m)^FROM\\s+eclipse-temurin:17-jre\\s*$").matcher(text).find(), dockerfile + ": base image");
            for (String part : List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/", "target/quarkus-app/quarkus/")) {
                assertTrue(text.contains("COPY " + part), dockerfile + " must copy " + part);
            }
            assertTrue(text.contains("quarkus-run.jar"), dockerfile + " must run quarkus-run.jar");
            assertTrue(text.contains("QUARKUS_HTTP_HOST=0.0.0.0"), dockerfile + " must listen on all interfaces");
            assertTrue(Pattern.compile("(?m)^EXPOSE\\s+" + port + "\\s*$").matcher(text).find(), dockerfile + " must EXPOSE " + port);
            assertTrue(text.contains("GATEHOUSE_OPS_PORT=" + (port + 1000)), dockerfile + " must set its management port " + (port + 1000));
            assertTrue(text.contains("http://127.0.0.1:$GATEHOUSE_OPS_PORT/q/health/ready"),
                    dockerfile + " needs a readiness healthcheck on the management interface");
            assertFalse(text.contains(":" + port + "/q/"), dockerfile + ": health is not served on the public port");
            assertFalse(Pattern.compile("(?m)^EXPOSE\\s+.*\\b" + (port + 1000) + "\\b").matcher(text).find(),
                    dockerfile + " must not EXPOSE the management port");

            Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$").matcher(text);
            String lastUser = null;
            while (user.find()) {
                lastUser = user.group(1);
            }
            assertNotNull(lastUser, dockerfile + " must switch to a non-root USER");
            assertFalse(lastUser.equals("root") || lastUser.equals("0") || lastUser.startsWith("0:"), dockerfile + " runs as root");
        }
    }

    @Test
    void every_java_image_copies_only_artifacts_the_build_has_made() throws IOException {
        // The e2e module runs after every service module was packaged, so target/quarkus-app/ is there.
        for (Map.Entry<String, String> javaService : JAVA_SERVICES.entrySet()) {
            JsonNode build = services.path(javaService.getKey()).path("build");
            Path context = buildContext(build);
            Matcher copy = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+\\S+\\s*$")
                    .matcher(Files.readString(dockerfile(build), StandardCharsets.UTF_8));
            int copies = 0;
            while (copy.find()) {
                copies++;
                String source = copy.group(1);
                if (source.endsWith("*.jar")) {
                    Path dir = context.resolve(source.substring(0, source.length() - "*.jar".length()));
                    assertTrue(Files.isRegularFile(dir.resolve("quarkus-run.jar")), javaService.getKey() + ": " + dir
                            + "quarkus-run.jar, the image's entrypoint, was not built");
                } else {
                    Path path = context.resolve(source);
                    assertTrue(Files.exists(path), javaService.getKey() + ": COPY " + source + " names nothing the build made");
                    if (Files.isDirectory(path)) {
                        try (var files = Files.list(path)) {
                            assertTrue(files.findAny().isPresent(), javaService.getKey() + ": " + source + " is empty");
                        }
                    }
                }
            }
            assertEquals(4, copies, javaService.getKey() + " copies the four parts of the fast jar");
        }
    }

    @Test
    void management_sends_its_mail_to_the_dev_mailbox() {
        JsonNode mailbox = services.path("mailpit");
        assertTrue(mailbox.path("image").asText().matches("axllent/mailpit:v\\d+\\.\\d+\\.\\d+"),
                "the dev mailbox is a pinned Mailpit: " + mailbox.path("image").asText());
        assertTrue(publishedPorts(mailbox).stream().anyMatch(p -> p[0] == 8025 && p[1] == 8025), "its web page on 8025");
        assertEquals("mailpit", env("management-service", "GATEHOUSE_SMTP_HOST"));
        assertEquals("1025", env("management-service", "GATEHOUSE_SMTP_PORT"), "Mailpit's SMTP port");
        assertEquals("DISABLED", env("management-service", "GATEHOUSE_SMTP_STARTTLS"), "Mailpit speaks plain SMTP");
    }

    @Test
    void the_demo_seed_runs_the_script_of_gatehouse_up_once_management_is_healthy() {
        JsonNode seed = services.path("demo-seed");
        String command = commandLine(seed.path("command"));
        assertTrue(command.startsWith("python3 /tools/seed_demo.py"), command);
        assertTrue(Files.isRegularFile(ROOT.resolve("tools/seed_demo.py")));
        assertTrue(texts(seed.path("volumes")).contains("./tools:/tools:ro"), "the tools directory, read-only");
        for (String shipped : List.of("tools/demo/openapi.yaml", "tools/demo/guide.md")) {
            assertTrue(Files.isRegularFile(ROOT.resolve(shipped)), shipped + ", which the seed puts on the demo API, "
                    + "reaches the container through the tools mount");
        }
        assertEquals("service_healthy", seed.at("/depends_on/management-service/condition").asText());
        assertEquals("no", seed.path("restart").asText(), "a one-shot job");
        assertEquals(env("management-service", "GATEHOUSE_ADMIN_TOKEN"), env("demo-seed", "GATEHOUSE_ADMIN_TOKEN"));
        for (String argument : List.of("--management=http://management-service:8081", "--upstream=http://demo-upstream:8090",
                "--gateway=", "--portal=", "--billing=", "--out=/seed/")) {
            assertTrue(command.contains(argument), "seed argument " + argument + " in " + command);
        }
        assertTrue(compose.path("volumes").has("demo-seed"), "demo.env outlives the container");
    }

    @Test
    void every_depends_on_names_a_defined_service() {
        Iterator<Map.Entry<String, JsonNode>> all = services.fields();
        while (all.hasNext()) {
            Map.Entry<String, JsonNode> service = all.next();
            for (String dependency : dependencies(service.getValue())) {
                assertTrue(services.has(dependency), service.getKey() + " depends on undefined service " + dependency);
                assertFalse(dependency.equals(service.getKey()), service.getKey() + " depends on itself");
            }
        }
    }

    @Test
    void management_waits_for_healthy_postgres_and_redis_and_the_gateway_does_not_wait_for_management() {
        for (String service : List.of("management-service", "billing-metering")) {
            assertEquals("service_healthy", services.at("/" + service + "/depends_on/postgres/condition").asText(), service + " → postgres");
            assertEquals("service_healthy", services.at("/" + service + "/depends_on/redis/condition").asText(), service + " → redis");
        }
        Set<String> gatewayDependencies = dependencies(services.get("gateway"));
        assertTrue(gatewayDependencies.contains("redis"), "gateway depends on redis");
        assertFalse(gatewayDependencies.contains("management-service"),
                "the gateway must start from its saved snapshot even when management is down");
    }

    // ------------------------------------------------------------------------------- configuration

    @Test
    void gateway_and_management_share_the_key_pepper_and_the_gateway_token() {
        String pepper = env("management-service", "GATEHOUSE_KEY_PEPPER");
        String token = env("management-service", "GATEHOUSE_GATEWAY_TOKEN");
        assertEquals(pepper, env("gateway", "GATEHOUSE_KEY_PEPPER"), "the gateway hashes keys with management's pepper");
        assertEquals(token, env("gateway", "GATEHOUSE_GATEWAY_TOKEN"), "the gateway presents management's gateway token");
        assertTrue(pepper.length() >= 32, "the pepper needs >= 32 characters, has " + pepper.length());
        assertTrue(token.length() >= 16, "the gateway token needs >= 16 characters, has " + token.length());
        assertFalse(env("management-service", "GATEHOUSE_ADMIN_TOKEN").isBlank(), "management has a bootstrap admin token");
    }

    @Test
    void the_demo_secrets_are_marked_demo_only_and_can_be_overridden_from_the_shell() {
        for (String[] secret : List.of(
                new String[] {"management-service", "GATEHOUSE_KEY_PEPPER"},
                new String[] {"management-service", "GATEHOUSE_GATEWAY_TOKEN"},
                new String[] {"management-service", "GATEHOUSE_ADMIN_TOKEN"},
                new String[] {"management-service", "GATEHOUSE_DB_PASSWORD"})) {
            String raw = services.at("/" + secret[0] + "/environment/" + secret[1]).asText();
            assertTrue(raw.startsWith("${" + secret[1] + ":-"), secret[1] + " must be overridable as ${" + secret[1] + ":-…}, is " + raw);
            assertTrue(interpolate(raw).startsWith("demo-only-"), secret[1] + "'s default must be marked demo-only");
        }
    }

    @Test
    void the_services_find_each_other_by_their_compose_names() {
        assertEquals("jdbc:postgresql://postgres:5432/gatehouse", env("management-service", "GATEHOUSE_DB_URL"));
        assertEquals("redis://redis:6379", env("management-service", "GATEHOUSE_REDIS_URL"));
        assertEquals("http://keycloak:8180/realms/gatehouse", env("management-service", "GATEHOUSE_OIDC_URL"));
        assertEquals("gatehouse-admin", env("management-service", "GATEHOUSE_OIDC_CLIENT_ID"));
        assertEquals("http://management-service:8081", env("gateway", "GATEHOUSE_MANAGEMENT_URL"));
        assertEquals("redis://redis:6379", env("gateway", "GATEHOUSE_REDIS_URL"));
        assertEquals("http://management-service:8081", env("developer-portal", "GATEHOUSE_MANAGEMENT_URL"));
        assertEquals("jdbc:postgresql://postgres:5432/gatehouse", env("billing-metering", "GATEHOUSE_DB_URL"));
        assertEquals("redis://redis:6379", env("billing-metering", "GATEHOUSE_REDIS_URL"));
        for (String service : List.of("management-service", "billing-metering")) {
            assertEquals(env("postgres", "POSTGRES_USER"), env(service, "GATEHOUSE_DB_USER"), service + " DB user");
            assertEquals(env("postgres", "POSTGRES_PASSWORD"), env(service, "GATEHOUSE_DB_PASSWORD"), service + " DB password");
        }
    }

    @Test
    void the_gateway_keeps_its_last_good_config_on_a_named_volume() {
        String dataDir = env("gateway", "GATEHOUSE_GATEWAY_DATA_DIR");
        assertEquals("/var/lib/gatehouse/gateway", dataDir);
        Optional<String[]> mount = mounts(services.get("gateway")).stream().filter(m -> m[1].equals(dataDir)).findFirst();
        assertTrue(mount.isPresent(), "no volume is mounted on " + dataDir);
        String source = mount.get()[0];
        assertFalse(source.startsWith(".") || source.startsWith("/") || source.startsWith("~"), "a named volume, not a bind mount: " + source);
        assertTrue(compose.path("volumes").has(source), "volume " + source + " is not declared under volumes:");
    }

    // ------------------------------------------------------------------------------------ keycloak

    @Test
    void the_keycloak_realm_file_is_mounted_into_the_import_directory() {
        Optional<String[]> realmMount = mounts(services.get("keycloak")).stream()
                .filter(m -> m[1].startsWith("/opt/keycloak/data/import/"))
                .findFirst();
        assertTrue(realmMount.isPresent(), "keycloak must mount the realm into /opt/keycloak/data/import/");
        Path source = ROOT.resolve(realmMount.get()[0]).normalize();
        assertEquals(ROOT.resolve("deploy/keycloak/gatehouse-realm.json"), source);
        assertTrue(Files.isRegularFile(source), source + " is missing");
    }

    @Test
    void the_realm_defines_the_roles_the_admin_client_and_the_demo_admin_user() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(ROOT.resolve("deploy/keycloak/gatehouse-realm.json").toFile());
        assertEquals("gatehouse", realm.path("realm").asText());
        assertTrue(realm.path("enabled").asBoolean(), "realm enabled");

        Set<String> roles = new TreeSet<>();
        realm.at("/roles/realm").forEach(role -> roles.add(role.path("name").asText()));
        assertTrue(roles.containsAll(REALM_ROLES), "realm roles " + roles + " must include " + REALM_ROLES);

        JsonNode client = find(realm.path("clients"), "clientId", "gatehouse-admin");
        assertNotNull(client, "client gatehouse-admin is missing");
        assertTrue(client.path("enabled").asBoolean(true), "client enabled");
        assertFalse(client.path("publicClient").asBoolean(), "gatehouse-admin must be confidential");
        assertTrue(client.path("standardFlowEnabled").asBoolean(), "standard flow");
        assertTrue(client.path("directAccessGrantsEnabled").asBoolean(), "direct access grants");
        assertTrue(texts(client.path("redirectUris")).contains("http://localhost:8081/*"), "redirect URIs");
        String secret = client.path("secret").asText();
        assertTrue(secret.length() >= 32, "client secret needs >= 32 characters, has " + secret.length());
        JsonNode roleMapper = find(client.path("protocolMappers"), "protocolMapper", "oidc-usermodel-realm-role-mapper");
        assertNotNull(roleMapper, "realm roles must reach the access token");
        assertEquals("realm_access.roles", roleMapper.at("/config/claim.name").asText());
        assertEquals("true", roleMapper.at("/config/access.token.claim").asText());

        Optional<String> composeSecret = Optional.ofNullable(services.at("/management-service/environment/GATEHOUSE_OIDC_CLIENT_SECRET"))
                .filter(JsonNode::isValueNode).map(node -> interpolate(node.asText()));
        composeSecret.ifPresent(value -> assertEquals(secret, value, "compose's client secret must match the realm's"));

        JsonNode admin = find(realm.path("users"), "username", "admin");
        assertNotNull(admin, "demo user admin is missing");
        assertTrue(admin.path("enabled").asBoolean(), "admin enabled");
        assertTrue(admin.path("emailVerified").asBoolean(), "admin email verified");
        assertTrue(admin.path("requiredActions").isEmpty(), "admin has no required actions");
        assertTrue(texts(admin.path("realmRoles")).contains("platform-admin"), "admin has platform-admin");
        JsonNode password = find(admin.path("credentials"), "type", "password");
        assertNotNull(password, "admin has a password");
        assertEquals("admin", password.path("value").asText());
        assertFalse(password.path("temporary").asBoolean(), "the demo password is not temporary");
    }

    // ------------------------------------------------------------------------------ docker compose

    @Test
    void docker_compose_accepts_the_file_when_it_is_installed() throws Exception {
        List<String> compose = null;
        if (runs(List.of("docker", "compose", "version"))) {
            compose = List.of("docker", "compose");
        } else if (runs(List.of("docker-compose", "version"))) {
            compose = List.of("docker-compose");
        }
        // CI installs docker-compose (.ci/run), so there the check must run, never be skipped.
        if (compose == null && System.getenv("CI") != null) {
            fail("neither `docker compose` nor `docker-compose` is installed; .ci/run should have installed docker-compose");
        }
        assumeTrue(compose != null, "neither `docker compose` nor `docker-compose` is installed");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config", "-q"));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + " rejected the file:\n" + output);
    }

    // ------------------------------------------------------------------------------------- helpers

    private static String env(String service, String name) {
        JsonNode environment = services.path(service).path("environment");
        String raw = null;
        if (environment.isObject()) {
            JsonNode value = environment.get(name);
            raw = value == null || value.isNull() ? null : value.asText();
        } else if (environment.isArray()) {
            for (JsonNode entry : environment) {
                String text = entry.asText();
                if (text.startsWith(name + "=")) {
                    raw = text.substring(name.length() + 1);
                }
            }
        }
        assertNotNull(raw, service + " has no environment variable " + name);
        return interpolate(raw);
    }

    private static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String part : path) {
            current = current.path(part);
        }
        return interpolate(current.asText());
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * Compose interpolation with defaults only (the test's own environment is ignored, so that the result
     * is the same everywhere): {@code ${VAR:-default}} and {@code ${VAR-default}} give the default,
     * {@code ${VAR}}, {@code $VAR} and {@code ${VAR:?err}} give "", {@code $$} gives "$".
     */
    static String interpolate(String raw) {
        Matcher m = VARIABLE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(2) != null && m.group(2).endsWith("-")) {
                replacement = m.group(3);
            } else {
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Each published port as {host, container}; ranges and random host ports are reported as -1. */
    private static List<int[]> publishedPorts(JsonNode service) {
        List<int[]> result = new ArrayList<>();
        for (JsonNode entry : service.path("ports")) {
            if (entry.isObject()) {
                result.add(new int[] {toPort(interpolate(entry.path("published").asText())), toPort(interpolate(entry.path("target").asText()))});
                continue;
            }
            String spec = interpolate(entry.asText());
            int slash = spec.indexOf('/');
            if (slash >= 0) {
                spec = spec.substring(0, slash);
            }
            String[] parts = spec.split(":");
            if (parts.length == 1) {
                result.add(new int[] {-1, toPort(parts[0])});
            } else {
                result.add(new int[] {toPort(parts[parts.length - 2]), toPort(parts[parts.length - 1])});
            }
        }
        return result;
    }

    private static int toPort(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describe(List<int[]> ports) {
        List<String> out = new ArrayList<>();
        ports.forEach(p -> out.add(p[0] + ":" + p[1]));
        return out.toString();
    }

    private static Path buildContext(JsonNode build) {
        String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
        return ROOT.resolve(interpolate(context)).normalize();
    }

    private static Path dockerfile(JsonNode build) {
        String name = build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
        return buildContext(build).resolve(interpolate(name)).normalize();
    }

    private static Set<String> dependencies(JsonNode service) {
        Set<String> names = new TreeSet<>();
        JsonNode dependsOn = service.path("depends_on");
        if (dependsOn.isArray()) {
            dependsOn.forEach(d -> names.add(d.asText()));
        } else if (dependsOn.isObject()) {
            dependsOn.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Volume mounts as {source, target}, from the short ({@code src:dst[:mode]}) or long syntax. */
    private static List<String[]> mounts(JsonNode service) {
        List<String[]> result = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isObject()) {
                result.add(new String[] {interpolate(volume.path("source").asText()), interpolate(volume.path("target").asText())});
            } else {
                String[] parts = interpolate(volume.asText()).split(":");
                if (parts.length >= 2) {
                    result.add(new String[] {parts[0], parts[1]});
                }
            }
        }
        return result;
    }

    private static String commandLine(JsonNode command) {
        if (command.isArray()) {
            List<String> parts = new ArrayList<>();
            command.forEach(p -> parts.add(p.asText()));
            return String.join(" ", parts);
        }
        return command.asText();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.path(field).asText())) {
                return element;
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static boolean runs(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // -------------------------------------------------------------- YAML with anchors, aliases, merges

    /**
     * Reads YAML into a Jackson tree with anchors, aliases and {@code <<} merge keys resolved, as Compose
     * resolves them. Jackson's own YAML reader cannot do this: it reports an alias ({@code *name}) as the
     * plain string "name" and drops the anchors of scalar values, so the document is composed by SnakeYAML
     * (the YAML engine under jackson-dataformat-yaml) and then handed to Jackson. Duplicate keys are an
     * error, as in Compose.
     */
    static JsonNode readYaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new SafeConstructor(options)).load(reader);
            return document == null ? JsonNodeFactory.instance.objectNode() : YAML.valueToTree(document);
        }
    }
}
