package dev.slotstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Lints and renders helm/slotstream offline (Helm embedded through helm-java) and checks the manifests. */
class HelmChartTest {

    private static final String RELEASE = "ss";
    /** Helm renders for Kubernetes v1.20 unless told; the chart needs 1.27 or later. */
    private static final String KUBE_VERSION = "1.30.0";
    private static final List<String> COMPONENTS = List.of("proposer", "validator", "attestation", "l1-publisher");

    private static Path chart;
    private static List<Map<String, Object>> manifests;

    @BeforeAll
    static void render() {
        chart = Paths.get(System.getProperty("slotstream.chartDir", "../helm/slotstream")).toAbsolutePath().normalize();
        assertThat(chart.resolve("Chart.yaml")).as("chart at %s", chart).exists();
        manifests = parse(new Helm(chart).template().withName(RELEASE).withKubeVersion(KUBE_VERSION).withNamespace("slotstream").call());
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void rendersOneWorkloadAndServicePerComponent() {
        assertThat(find("Deployment", "ss-slotstream-proposer")).isPresent();
        assertThat(find("Deployment", "ss-slotstream-attestation")).isPresent();
        assertThat(find("Deployment", "ss-slotstream-l1-publisher")).isPresent();
        assertThat(find("StatefulSet", "ss-slotstream-validator")).isPresent();
        assertThat(find("Deployment", "ss-slotstream-validator")).as("validator is not a Deployment").isEmpty();
        for (String c : COMPONENTS) {
            assertThat(find("Service", "ss-slotstream-" + c)).as("Service of %s", c).isPresent();
        }
        assertThat(find("Service", "ss-slotstream-validator-headless")).isPresent();
        assertThat(kinds()).containsOnly("ConfigMap", "ServiceAccount", "Deployment", "StatefulSet", "Service");
    }

    @Test
    void everyContainerHasProbesPortsImagesAndScrapeAnnotations() {
        Map<String, Integer> ports = Map.of("proposer", 8081, "validator", 8082, "attestation", 8083, "l1-publisher", 8084);
        for (String c : COMPONENTS) {
            Map<String, Object> workload = workload(c);
            Map<String, Object> podTemplate = map(map(workload, "spec"), "template");
            Map<String, Object> container = list(map(podTemplate, "spec"), "containers").get(0);

            assertThat(container.get("image")).as(c).isEqualTo("slotstream/" + c + "-service:0.1.0");
            assertThat(path(container, "livenessProbe", "httpGet", "path")).as(c).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "readinessProbe", "httpGet", "path")).as(c).isEqualTo("/actuator/health/readiness");
            assertThat(path(container, "livenessProbe", "httpGet", "port")).as(c).isEqualTo("http");
            assertThat(list(container, "ports").get(0)).as(c).containsEntry("containerPort", ports.get(c));
            assertThat(map(container, "resources")).as(c).containsKeys("requests", "limits");
            assertThat(list(container, "envFrom").get(0)).as(c)
                    .isEqualTo(Map.of("configMapRef", Map.of("name", "ss-slotstream-protocol")));

            Map<String, Object> annotations = map(map(podTemplate, "metadata"), "annotations");
            assertThat(annotations).as(c)
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", String.valueOf(ports.get(c)))
                    .containsKey("checksum/config");
        }
    }

    @Test
    void validatorKeepsItsSigningRecordOnAPersistentVolumeAndReadsKeysFromASecret() {
        Map<String, Object> spec = map(workload("validator"), "spec");
        assertThat(spec.get("replicas")).isEqualTo(3);
        Map<String, Object> claim = list(spec, "volumeClaimTemplates").get(0);
        assertThat(path(claim, "metadata", "name")).isEqualTo("signing-record");
        assertThat(path(claim, "spec", "resources", "requests", "storage")).isEqualTo("1Gi");

        Map<String, Object> podSpec = map(map(spec, "template"), "spec");
        assertThat(list(podSpec, "volumes"))
                .anySatisfy(v -> assertThat(v.get("secret")).isEqualTo(
                        Map.of("secretName", "slotstream-validator-keys", "defaultMode", 0400)));
        Map<String, Object> container = list(podSpec, "containers").get(0);
        assertThat(list(container, "volumeMounts"))
                .anySatisfy(m -> assertThat(m).containsEntry("name", "signing-record")
                        .containsEntry("mountPath", "/var/lib/slotstream/validator"));
        assertThat(list(container, "env")).anySatisfy(e -> assertThat(e)
                .containsEntry("name", "SLOTSTREAM_VALIDATOR_SIGNING_RECORD_DIR")
                .containsEntry("value", "/var/lib/slotstream/validator"));
    }

    @Test
    void protocolConfigMapCarriesTheSharedParametersWithoutFloatMangling() {
        List<Map<String, Object>> rendered = parse(new Helm(chart).template().withName(RELEASE).withKubeVersion(KUBE_VERSION)
                .set("protocol.genesisTime", 1767225600)
                .set("protocol.chainId", 11155111)
                .set("protocol.rollupAddress", "0x5FbDB2315678afecb367f032d93F642f64180aa3")
                .call());
        Map<String, Object> data = map(find(rendered, "ConfigMap", "ss-slotstream-protocol").orElseThrow(), "data");
        assertThat(data)
                .containsEntry("SLOTSTREAM_PROTOCOL_NETWORK_PREFIX", "slotstream-devnet")
                .containsEntry("SLOTSTREAM_PROTOCOL_GENESIS_TIME", "1767225600")
                .containsEntry("SLOTSTREAM_PROTOCOL_SLOT_DURATION_MS", "12000")
                .containsEntry("SLOTSTREAM_PROTOCOL_CHAIN_ID", "11155111")
                .containsEntry("SLOTSTREAM_PROTOCOL_ROLLUP_ADDRESS", "0x5FbDB2315678afecb367f032d93F642f64180aa3")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("SPRING_DATA_REDIS_HOST", "redis");
    }

    @Test
    void componentsCanBeSwitchedOffAndValidatorKeysAreRequired() {
        List<Map<String, Object>> rendered = parse(new Helm(chart).template().withName(RELEASE).withKubeVersion(KUBE_VERSION)
                .set("l1Publisher.enabled", false)
                .set("validator.persistence.enabled", false)
                .call());
        assertThat(find(rendered, "Deployment", "ss-slotstream-l1-publisher")).isEmpty();
        assertThat(map(workload(rendered, "validator"), "spec")).doesNotContainKey("volumeClaimTemplates");

        assertThatThrownBy(() -> new Helm(chart).template().withName(RELEASE).withKubeVersion(KUBE_VERSION)
                        .set("validator.keys.existingSecret", "").call())
                .hasMessageContaining("validator.keys.existingSecret is required");
    }

    // --- helpers ---

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        assertThat(docs).isNotEmpty();
        return docs;
    }

    private static List<String> kinds() {
        return manifests.stream().map(m -> (String) m.get("kind")).distinct().toList();
    }

    private static Optional<Map<String, Object>> find(String kind, String name) {
        return find(manifests, kind, name);
    }

    private static Optional<Map<String, Object>> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(m -> kind.equals(m.get("kind")) && name.equals(path(m, "metadata", "name")))
                .findFirst();
    }

    private static Map<String, Object> workload(String component) {
        return workload(manifests, component);
    }

    private static Map<String, Object> workload(List<Map<String, Object>> docs, String component) {
        String kind = component.equals("validator") ? "StatefulSet" : "Deployment";
        return find(docs, kind, "ss-slotstream-" + component).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) Objects.requireNonNull(m.get(key), key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) Objects.requireNonNull(m.get(key), key);
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> m, String... keys) {
        Object cur = m;
        for (String k : keys) {
            cur = cur == null ? null : ((Map<String, Object>) cur).get(k);
        }
        return cur;
    }

}
