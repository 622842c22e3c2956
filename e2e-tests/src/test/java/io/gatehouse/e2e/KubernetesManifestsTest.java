package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders each overlay under {@code deploy/kubernetes/overlays/} with kustomize (the one built into kubectl, offline)
 * and checks every object against the Kubernetes API's types (the fabric8 model: a field the API does not know, a
 * wrong type or a malformed quantity fails), then against what Gatehouse needs of them: probes on the management
 * port, measured resources, references that resolve, and a network that keeps the gateway away from PostgreSQL.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The kinds the overlays may render, each with the API type it must parse into. */
    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("Namespace", Namespace.class),
            Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("Secret", Secret.class),
            Map.entry("Service", Service.class),
            Map.entry("PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("Deployment", Deployment.class),
            Map.entry("StatefulSet", StatefulSet.class),
            Map.entry("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("NetworkPolicy", NetworkPolicy.class));

    /** The Gatehouse services, each with its public port; the management interface is that port + 1000. */
    private static final Map<String, Integer> SERVICES = Map.of(
            "gateway", 8080, "management-service", 8081, "developer-portal", 8082, "billing-metering", 8083);

    /** Secrets production creates outside the repository (deploy/kubernetes/README.md lists their keys). */
    private static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of(
            "gatehouse-secrets", Set.of("key-pepper", "gateway-token", "billing-token", "admin-token",
                    "oidc-client-secret", "console-client-secret"),
            "gatehouse-db-app", Set.of("username", "password"));

    private static Rendered dev;
    private static Rendered production;

    @BeforeAll
    static void render() throws Exception {
        dev = Rendered.of(kustomize("overlays/dev"));
        production = Rendered.of(kustomize("overlays/production"));
    }

    @Test
    void every_rendered_object_is_a_known_kind_that_parses_into_its_kubernetes_type_without_unknown_fields() {
        for (Rendered overlay : List.of(dev, production)) {
            assertFalse(overlay.objects.isEmpty());
            for (HasMetadata object : overlay.objects) {
                assertNotNull(object.getMetadata().getName(), object.getKind());
                assertEquals(List.of(), unknownFields(object, object.getKind() + "/" + object.getMetadata().getName()));
            }
        }
    }

    @Test
    void an_unknown_field_or_a_wrong_type_is_caught_so_the_check_above_can_fail() throws Exception {
        HasMetadata typo = YAML.readValue("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                  selector: {matchLabels: {a: b}}
                  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i, readinesProbe: {}}]}}
                """, Deployment.class);
        assertEquals(List.of("Deployment/x.spec.template.spec.containers[0]: readinesProbe", "Deployment/x.spec: replica"),
                unknownFields(typo, "Deployment/x"));
        try {
            YAML.readValue("apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: eighty}]}",
                    Service.class);
            fail("a port that is not a number must not parse");
        } catch (IOException expected) {
            // the type, not a later check, refuses it
        }
    }

    @Test
    void production_renders_the_cloudnativepg_cluster_with_the_database_label_and_a_synchronous_standby() {
        JsonNode cluster = production.custom.stream()
                .filter(node -> node.path("kind").asText().equals("Cluster")).findFirst().orElseThrow();
        assertEquals("postgresql.cnpg.io/v1", cluster.path("apiVersion").asText());
        assertTrue(cluster.at("/spec/instances").asInt() >= 3);
        assertTrue(cluster.at("/spec/minSyncReplicas").asInt() >= 1);
        assertEquals("true", cluster.at("/spec/inheritedMetadata/labels").path("gatehouse.io/database").asText());
        assertEquals("gatehouse", cluster.at("/spec/bootstrap/initdb/database").asText());
        assertEquals(1, production.custom.size(), "no other custom resource is rendered unchecked");
        assertEquals(0, dev.custom.size());
    }

    @Test
    void each_service_has_probes_on_its_management_port_and_requests_and_a_memory_limit() {
        for (Rendered overlay : List.of(dev, production)) {
            SERVICES.forEach((name, port) -> {
                Deployment deployment = overlay.one(Deployment.class, name);
                Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
                ContainerPort ops = container.getPorts().stream().filter(p -> "ops".equals(p.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError(name + " has no port named ops"));
                assertEquals(port + 1000, ops.getContainerPort(), name);
                assertProbe(container.getReadinessProbe(), "/q/health/ready", name);
                assertProbe(container.getLivenessProbe(), "/q/health/live", name);
                assertProbe(container.getStartupProbe(), "/q/health/started", name);
                assertEquals("0.0.0.0", overlay.env(container, "GATEHOUSE_OPS_HOST"),
                        name + ": the management interface must listen on the pod address for the kubelet");
                var resources = container.getResources();
                assertNotNull(resources.getRequests().get("cpu"), name);
                assertNotNull(resources.getRequests().get("memory"), name);
                assertNotNull(resources.getLimits().get("memory"), name);
                assertTrue(resources.getLimits().get("memory").getNumericalAmount()
                        .compareTo(resources.getRequests().get("memory").getNumericalAmount()) >= 0, name);
                assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), name);
                assertTrue(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot(), name);
            });
        }
    }

    @Test
    void the_gateway_heap_fits_inside_its_memory_limit_with_room_for_direct_memory_and_code() {
        for (Rendered overlay : List.of(dev, production)) {
            Container gateway = overlay.one(Deployment.class, "gateway").getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            String opts = overlay.env(gateway, "JAVA_OPTS");
            var heap = java.util.regex.Pattern.compile("-Xmx(\\d+)m").matcher(opts);
            assertTrue(heap.find(), opts);
            long heapMiB = Long.parseLong(heap.group(1));
            long limitMiB = gateway.getResources().getLimits().get("memory").getNumericalAmount()
                    .longValue() / (1024 * 1024);
            assertTrue(limitMiB >= heapMiB + 64 + 64 + 64,
                    "limit " + limitMiB + " MiB for a " + heapMiB + " MiB heap + 64 MiB direct + 64 MiB code + stacks");
        }
    }

    @Test
    void every_selector_and_reference_resolves_to_something_rendered() {
        for (Rendered overlay : List.of(dev, production)) {
            for (Service service : overlay.all(Service.class)) {
                List<PodTemplateSpec> pods = overlay.podsMatching(service.getSpec().getSelector());
                assertEquals(1, pods.size(), "Service " + service.getMetadata().getName() + " selects one workload");
                Set<String> portNames = portNames(pods.get(0));
                for (ServicePort port : service.getSpec().getPorts()) {
                    String target = port.getTargetPort().getStrVal();
                    assertTrue(target == null || portNames.contains(target),
                            service.getMetadata().getName() + " targets a port the pods name");
                }
            }
            for (Deployment deployment : overlay.all(Deployment.class)) {
                assertSelects(deployment.getSpec().getSelector(), deployment.getSpec().getTemplate(),
                        deployment.getMetadata().getName());
            }
            for (StatefulSet set : overlay.all(StatefulSet.class)) {
                assertSelects(set.getSpec().getSelector(), set.getSpec().getTemplate(), set.getMetadata().getName());
            }
            HorizontalPodAutoscaler hpa = overlay.one(HorizontalPodAutoscaler.class, "gateway");
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            overlay.one(Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMinReplicas() >= 2 && hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
            PodDisruptionBudget pdb = overlay.one(PodDisruptionBudget.class, "gateway");
            assertSelects(pdb.getSpec().getSelector(), overlay.one(Deployment.class, "gateway").getSpec().getTemplate(), "pdb");

            for (PodTemplateSpec pod : overlay.pods()) {
                Set<String> volumes = new java.util.HashSet<>();
                for (Volume volume : pod.getSpec().getVolumes()) {
                    volumes.add(volume.getName());
                    int sources = (volume.getEmptyDir() != null ? 1 : 0)
                            + (volume.getPersistentVolumeClaim() != null ? 1 : 0)
                            + (volume.getConfigMap() != null ? 1 : 0) + (volume.getSecret() != null ? 1 : 0);
                    assertEquals(1, sources, "volume " + volume.getName() + " has exactly one source");
                    if (volume.getPersistentVolumeClaim() != null) {
                        overlay.one(PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName());
                    }
                }
                for (Container container : pod.getSpec().getContainers()) {
                    container.getVolumeMounts().forEach(mount -> assertTrue(volumes.contains(mount.getName()),
                            container.getName() + " mounts " + mount.getName()));
                    for (EnvVar env : container.getEnv()) {
                        if (env.getValueFrom() == null) {
                            continue;
                        }
                        var cm = env.getValueFrom().getConfigMapKeyRef();
                        if (cm != null) {
                            assertTrue(overlay.one(ConfigMap.class, cm.getName()).getData().containsKey(cm.getKey()),
                                    container.getName() + " " + env.getName());
                        }
                        var secret = env.getValueFrom().getSecretKeyRef();
                        if (secret != null) {
                            assertTrue(overlay.secretHasKey(secret.getName(), secret.getKey()),
                                    container.getName() + " " + env.getName() + " → " + secret.getName() + "/" + secret.getKey());
                        }
                    }
                }
            }
        }
    }

    @Test
    void the_gateway_can_neither_reach_postgresql_nor_read_its_credentials() {
        for (Rendered overlay : List.of(dev, production)) {
            PodTemplateSpec gateway = overlay.one(Deployment.class, "gateway").getSpec().getTemplate();
            Map<String, String> gatewayLabels = gateway.getMetadata().getLabels();
            for (EnvVar env : gateway.getSpec().getContainers().get(0).getEnv()) {
                assertFalse(env.getName().contains("_DB_"), env.getName());
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    assertFalse(env.getValueFrom().getSecretKeyRef().getKey().startsWith("db-"), env.getName());
                }
            }
            Map<String, String> database = Map.of("gatehouse.io/database", "true");
            List<NetworkPolicy> guarding = overlay.all(NetworkPolicy.class).stream()
                    .filter(policy -> matches(policy.getSpec().getPodSelector(), database)).toList();
            assertFalse(guarding.isEmpty(), "a NetworkPolicy selects the database pods");
            for (NetworkPolicy policy : guarding) {
                for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                    assertFalse(rule.getFrom().isEmpty(), policy.getMetadata().getName() + " admits everyone");
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        boolean sameNamespacePods = peer.getPodSelector() != null && peer.getNamespaceSelector() == null;
                        if (sameNamespacePods) {
                            assertFalse(matches(peer.getPodSelector(), gatewayLabels),
                                    policy.getMetadata().getName() + " admits the gateway");
                        } else {
                            assertEquals(Map.of("kubernetes.io/metadata.name", "cnpg-system"),
                                    peer.getNamespaceSelector().getMatchLabels(), "only the operator's namespace");
                        }
                    }
                }
            }
            List<PodTemplateSpec> databasePods = overlay.podsMatching(database);
            if (overlay == dev) {
                assertEquals(1, databasePods.size(), "dev's PostgreSQL carries the database label");
            }
            for (String client : List.of("management-service", "billing-metering")) {
                assertEquals("true", overlay.one(Deployment.class, client).getSpec().getTemplate().getMetadata()
                        .getLabels().get("gatehouse.io/postgres-client"), client);
            }
        }
    }

    @Test
    void production_pulls_versioned_images_from_a_registry_and_keeps_its_secrets_out_of_the_repository() {
        for (PodTemplateSpec pod : production.pods()) {
            for (Container container : pod.getSpec().getContainers()) {
                String image = container.getImage();
                assertFalse(image.endsWith(":local") || image.endsWith(":latest") || !image.contains(":"), image);
                assertTrue(image.contains("/gatehouse/"), image);
            }
        }
        assertEquals(List.of(), production.all(Secret.class), "production secrets are created outside the repository");
        assertTrue(production.one(HorizontalPodAutoscaler.class, "gateway").getSpec().getMinReplicas() >= 3);
        assertFalse(dev.all(Secret.class).isEmpty(), "dev generates its demo secret");
    }

    // --- rendering and helpers ---

    private static String kustomize(String overlay) throws IOException, InterruptedException {
        Path dir = KUBERNETES.resolve(overlay);
        List<String> command = onPath("kubectl") ? List.of("kubectl", "kustomize", dir.toString())
                : onPath("kustomize") ? List.of("kustomize", "build", dir.toString()) : null;
        if (command == null) {
            fail("neither kubectl (which bundles kustomize) nor kustomize is on the PATH; .ci/run installs kubectl "
                    + "from Debian's kubernetes-client package");
        }
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kustomize finished");
        String rendered = Files.readString(out, StandardCharsets.UTF_8);
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        assertEquals(0, process.exitValue(), overlay + ": " + errors);
        return rendered;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void assertProbe(Probe probe, String path, String service) {
        assertNotNull(probe, service + " " + path);
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, service + " " + path);
        assertEquals(path, get.getPath(), service);
        assertEquals("ops", get.getPort().getStrVal(), service + ": probes go to the management interface");
    }

    private static void assertSelects(LabelSelector selector, PodTemplateSpec template, String what) {
        assertTrue(matches(selector, template.getMetadata().getLabels()), what + "'s selector matches its pods");
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not used here; extend the test if they are");
        }
        return matches(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(), labels);
    }

    private static boolean matches(Map<String, String> wanted, Map<String, String> labels) {
        return labels != null && wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Set<String> portNames(PodTemplateSpec pod) {
        Set<String> names = new java.util.HashSet<>();
        pod.getSpec().getContainers().forEach(c -> c.getPorts().forEach(p -> names.add(p.getName())));
        return names;
    }

    /**
     * Fields the API types did not recognise: the fabric8 model keeps them in {@code additionalProperties} instead
     * of failing, so every model object reachable from the root is visited and must have none.
     */
    static List<String> unknownFields(Object root, String path) {
        List<String> found = new ArrayList<>();
        visit(root, path, found, new IdentityHashMap<>());
        return found.stream().sorted().toList();
    }

    private static void visit(Object value, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                visit(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> visit(v, path + "." + k, found, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        if (value instanceof Quantity || value instanceof IntOrString) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || !isProperty(value.getClass(), getter)) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) child).keySet().forEach(key -> found.add(path + ": " + key));
            } else {
                String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                visit(child, path + "." + name, found, seen);
            }
        }
    }

    /** A getter of a field the model declares, not a computed view such as {@code Quantity.getNumericalAmount}. */
    private static boolean isProperty(Class<?> type, Method getter) {
        String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (var field : c.getDeclaredFields()) {
                if (field.getName().equals(name) && !Modifier.isStatic(field.getModifiers())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One overlay's rendered objects: the typed ones, and custom resources kept as trees. */
    private static final class Rendered {
        final List<HasMetadata> objects = new ArrayList<>();
        final List<JsonNode> custom = new ArrayList<>();

        static Rendered of(String yaml) throws IOException {
            Rendered rendered = new Rendered();
            YAMLMapper trees = new YAMLMapper();
            try (var parser = trees.getFactory().createParser(yaml)) {
                for (JsonNode node : trees.readValues(parser, JsonNode.class).readAll()) {
                    if (node == null || node.isEmpty()) {
                        continue;
                    }
                    String kind = node.path("kind").asText();
                    Class<? extends HasMetadata> type = TYPES.get(kind);
                    if (type == null) {
                        assertTrue(node.path("apiVersion").asText().contains(".io/"),
                                "only custom resources may have no API type here: " + kind);
                        rendered.custom.add(node);
                        continue;
                    }
                    HasMetadata object = YAML.treeToValue(node, type);
                    assertEquals(kind, object.getKind());
                    rendered.objects.add(object);
                }
            }
            return rendered;
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            List<T> named = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
            assertEquals(1, named.size(), type.getSimpleName() + " " + name);
            return named.get(0);
        }

        List<PodTemplateSpec> pods() {
            List<PodTemplateSpec> pods = new ArrayList<>();
            all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate()));
            all(StatefulSet.class).forEach(s -> pods.add(s.getSpec().getTemplate()));
            return pods;
        }

        List<PodTemplateSpec> podsMatching(Map<String, String> selector) {
            return pods().stream().filter(p -> matches(selector, p.getMetadata().getLabels())).toList();
        }

        boolean secretHasKey(String name, String key) {
            List<Secret> secrets = all(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).toList();
            if (secrets.isEmpty()) {
                return EXTERNAL_SECRETS.getOrDefault(name, Set.of()).contains(key);
            }
            Secret secret = secrets.get(0);
            return secret.getData() != null && secret.getData().containsKey(key)
                    || secret.getStringData() != null && secret.getStringData().containsKey(key);
        }

        /** An environment variable's value, literal or from a rendered ConfigMap. */
        String env(Container container, String name) {
            for (EnvVar env : container.getEnv()) {
                if (env.getName().equals(name)) {
                    if (env.getValue() != null) {
                        return env.getValue();
                    }
                    var ref = env.getValueFrom().getConfigMapKeyRef();
                    return one(ConfigMap.class, ref.getName()).getData().get(ref.getKey());
                }
            }
            throw new AssertionError(container.getName() + " has no " + name);
        }
    }
}
