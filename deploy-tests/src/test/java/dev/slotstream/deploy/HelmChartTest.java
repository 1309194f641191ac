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

  private static final List<String> COMPONENTS =
      List.of("proposer", "validator", "attestation", "l1-publisher");

  private static Path chart;
  private static List<Map<String, Object>> manifests;

  @BeforeAll
  static void render() {
    chart =
        Paths.get(System.getProperty("slotstream.chartDir", "../helm/slotstream"))
            .toAbsolutePath()
            .normalize();
    assertThat(chart.resolve("Chart.yaml")).as("chart at %s", chart).exists();
    manifests =
        parse(
            new Helm(chart)
                .template()
                .withName(RELEASE)
                .withKubeVersion(KUBE_VERSION)
                .withNamespace("slotstream")
                .call());
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
    assertThat(find("Deployment", "ss-slotstream-validator"))
        .as("validator is not a Deployment")
        .isEmpty();
    for (String c : COMPONENTS) {
      assertThat(find("Service", "ss-slotstream-" + c)).as("Service of %s", c).isPresent();
    }
    assertThat(find("Service", "ss-slotstream-validator-headless")).isPresent();
    assertThat(kinds())
        .containsOnly(
            "ConfigMap",
            "ServiceAccount",
            "Deployment",
            "StatefulSet",
            "Service",
            "PersistentVolumeClaim",
            "PodDisruptionBudget");
  }

  @Test
  void everyContainerHasProbesPortsImagesAndScrapeAnnotations() {
    Map<String, Integer> ports =
        Map.of("proposer", 8081, "validator", 8082, "attestation", 8083, "l1-publisher", 8084);
    for (String c : COMPONENTS) {
      Map<String, Object> workload = workload(c);
      Map<String, Object> podTemplate = map(map(workload, "spec"), "template");
      Map<String, Object> container = list(map(podTemplate, "spec"), "containers").get(0);

      assertThat(container.get("image")).as(c).isEqualTo("slotstream/" + c + "-service:0.1.0");
      assertThat(path(container, "livenessProbe", "httpGet", "path"))
          .as(c)
          .isEqualTo("/actuator/health/liveness");
      assertThat(path(container, "readinessProbe", "httpGet", "path"))
          .as(c)
          .isEqualTo("/actuator/health/readiness");
      assertThat(path(container, "livenessProbe", "httpGet", "port")).as(c).isEqualTo("http");
      assertThat(list(container, "ports").get(0))
          .as(c)
          .containsEntry("containerPort", ports.get(c));
      assertThat(map(container, "resources")).as(c).containsKeys("requests", "limits");
      assertThat(list(container, "envFrom").get(0))
          .as(c)
          .isEqualTo(Map.of("configMapRef", Map.of("name", "ss-slotstream-protocol")));

      Map<String, Object> annotations = map(map(podTemplate, "metadata"), "annotations");
      assertThat(annotations)
          .as(c)
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
        .anySatisfy(
            v ->
                assertThat(v.get("secret"))
                    .isEqualTo(
                        Map.of("secretName", "slotstream-validator-keys", "defaultMode", 0400)));
    Map<String, Object> container = list(podSpec, "containers").get(0);
    assertThat(list(container, "volumeMounts"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .containsEntry("name", "signing-record")
                    .containsEntry("mountPath", "/var/lib/slotstream/validator"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .containsEntry("name", "validator-keys")
                    .containsEntry("mountPath", "/etc/slotstream/keys")
                    .containsEntry("readOnly", true));
    List<Map<String, Object>> env = list(container, "env");
    // Gossip consumer group = the pod's name: unique and stable per StatefulSet pod.
    assertThat(env)
        .contains(
            Map.of(
                "name",
                "SLOTSTREAM_GOSSIP_NODE_ID",
                "valueFrom",
                Map.of("fieldRef", Map.of("fieldPath", "metadata.name"))));
    // Signing record on the PVC, keys from the Secret mount, the key picked by the pod's ordinal.
    assertThat(env)
        .contains(
            Map.of(
                "name",
                "SLOTSTREAM_CHAIN_SIGNING_RECORD_DIR",
                "value",
                "/var/lib/slotstream/validator"));
    // The node's chain on disk, on the same claim.
    assertThat(env)
        .contains(
            Map.of(
                "name",
                "SLOTSTREAM_CHAIN_DATA_DIR",
                "value",
                "/var/lib/slotstream/validator/chain"));
    assertThat(env)
        .contains(Map.of("name", "SLOTSTREAM_NODE_KEY_DIR", "value", "/etc/slotstream/keys"));
    assertThat(env)
        .contains(
            Map.of(
                "name",
                "SLOTSTREAM_NODE_KEY_ORDINAL",
                "valueFrom",
                Map.of(
                    "fieldRef",
                    Map.of("fieldPath", "metadata.labels['apps.kubernetes.io/pod-index']"))));
    assertThat(env).contains(Map.of("name", "SLOTSTREAM_NODE_KEY_SEEDS", "value", ""));
    assertThat(env).noneMatch(e -> e.get("name").toString().startsWith("SPRING_DATA_REDIS"));
  }

  @Test
  void proposerIsASingleRecreatedPodWithASigningRecordClaimAndTheKeySecret() {
    Map<String, Object> spec = map(workload("proposer"), "spec");
    assertThat(spec.get("replicas")).isEqualTo(1);
    assertThat(path(spec, "strategy", "type")).isEqualTo("Recreate");
    Map<String, Object> pvc =
        find("PersistentVolumeClaim", "ss-slotstream-proposer-signing-record").orElseThrow();
    assertThat(path(pvc, "metadata", "annotations", "helm.sh/resource-policy")).isEqualTo("keep");
    assertThat(path(pvc, "spec", "accessModes")).isEqualTo(List.of("ReadWriteOnce"));

    Map<String, Object> podSpec = map(map(spec, "template"), "spec");
    assertThat(list(podSpec, "volumes"))
        .contains(
            Map.of(
                "name",
                "signing-record",
                "persistentVolumeClaim",
                Map.of("claimName", "ss-slotstream-proposer-signing-record")))
        .contains(
            Map.of(
                "name",
                "proposer-keys",
                "secret",
                Map.of("secretName", "slotstream-validator-keys", "defaultMode", 0400)));
    Map<String, Object> container = list(podSpec, "containers").get(0);
    assertThat(list(container, "volumeMounts"))
        .contains(Map.of("name", "signing-record", "mountPath", "/var/lib/slotstream/proposer"));
    List<Map<String, Object>> env = list(container, "env");
    assertThat(env)
        .contains(
            Map.of(
                "name",
                "SLOTSTREAM_CHAIN_SIGNING_RECORD_DIR",
                "value",
                "/var/lib/slotstream/proposer"));
    // The node's chain on disk, on the same claim.
    assertThat(env)
        .contains(
            Map.of(
                "name",
                "SLOTSTREAM_CHAIN_DATA_DIR",
                "value",
                "/var/lib/slotstream/proposer/chain"));
    assertThat(env)
        .contains(Map.of("name", "SLOTSTREAM_NODE_KEY_DIR", "value", "/etc/slotstream/keys"));
    assertThat(env)
        .contains(Map.of("name", "SLOTSTREAM_GOSSIP_NODE_ID", "value", "ss-slotstream-proposer"));

    List<Map<String, Object>> own =
        Deployments.render(
            "proposer.keys.existingSecret",
            "proposer-keys",
            "proposer.persistence.existingClaim",
            "my-claim");
    Map<String, Object> ownPod = Deployments.podSpec(Deployments.workload(own, "proposer"));
    assertThat(list(ownPod, "volumes"))
        .contains(
            Map.of(
                "name", "signing-record", "persistentVolumeClaim", Map.of("claimName", "my-claim")))
        .contains(
            Map.of(
                "name",
                "proposer-keys",
                "secret",
                Map.of("secretName", "proposer-keys", "defaultMode", 0400)));
    assertThat(find(own, "PersistentVolumeClaim", "ss-slotstream-proposer-signing-record"))
        .isEmpty();
  }

  @Test
  void attestationRunsSeveralReplicasWithRedisSettings() {
    Map<String, Object> spec = map(workload("attestation"), "spec");
    assertThat((Integer) spec.get("replicas")).isGreaterThan(1);
    List<Map<String, Object>> env =
        list(list(map(map(spec, "template"), "spec"), "containers").get(0), "env");
    assertThat(env)
        .contains(
            Map.of("name", "SPRING_DATA_REDIS_HOST", "value", "redis"),
            Map.of("name", "SPRING_DATA_REDIS_PORT", "value", "6379"),
            Map.of(
                "name",
                "SLOTSTREAM_GOSSIP_NODE_ID",
                "valueFrom",
                Map.of("fieldRef", Map.of("fieldPath", "metadata.name"))));
    assertThat(env).noneMatch(e -> e.get("name").equals("SPRING_DATA_REDIS_PASSWORD"));

    List<Map<String, Object>> withSecret =
        Deployments.render(
            "redis.existingSecret", "redis-auth", "redis.existingSecretPasswordKey", "pw");
    assertThat(list(Deployments.container(Deployments.workload(withSecret, "attestation")), "env"))
        .contains(
            Map.of(
                "name",
                "SPRING_DATA_REDIS_PASSWORD",
                "valueFrom",
                Map.of("secretKeyRef", Map.of("name", "redis-auth", "key", "pw"))));
  }

  @Test
  void protocolConfigMapCarriesTheSharedParametersWithoutFloatMangling() {
    List<Map<String, Object>> rendered =
        parse(
            new Helm(chart)
                .template()
                .withName(RELEASE)
                .withKubeVersion(KUBE_VERSION)
                .set("protocol.genesisTime", 1767225600)
                .set("protocol.chainId", 11155111)
                .set("protocol.rollupAddress", "0x5FbDB2315678afecb367f032d93F642f64180aa3")
                .set("protocol.timetable.preset", "standard")
                .set("chain.genesisSeedBalance", 1000000000000L)
                .call());
    Map<String, Object> data =
        map(find(rendered, "ConfigMap", "ss-slotstream-protocol").orElseThrow(), "data");
    assertThat(data)
        .containsEntry("SLOTSTREAM_PROTOCOL_CHAIN_ID", "11155111")
        .containsEntry("SLOTSTREAM_PROTOCOL_VERSION", "1")
        .containsEntry(
            "SLOTSTREAM_PROTOCOL_ROLLUP_ADDRESS", "0x5FbDB2315678afecb367f032d93F642f64180aa3")
        .containsEntry("SLOTSTREAM_PROTOCOL_GENESIS_TIME", "1767225600")
        .containsEntry("SLOTSTREAM_PROTOCOL_TIMETABLE_PRESET", "standard")
        .containsEntry("SLOTSTREAM_PROTOCOL_VALIDATORS", "")
        .containsEntry("SLOTSTREAM_PROTOCOL_VALIDATOR_SEEDS", "validator-0,validator-1,validator-2")
        .containsEntry("SLOTSTREAM_PROTOCOL_BASE_SEED", "0x" + "ab".repeat(32))
        .containsEntry("SLOTSTREAM_PROTOCOL_COMMITTEE_SIZE", "48")
        .containsEntry("SLOTSTREAM_GOSSIP_NETWORK_PREFIX", "slotstream-devnet")
        .doesNotContainKeys(
            "SLOTSTREAM_PROTOCOL_SLOT_DURATION_MS", "SLOTSTREAM_PROTOCOL_NETWORK_PREFIX")
        .containsEntry("SLOTSTREAM_CHAIN_GENESIS_SEED_BALANCE", "1000000000000")
        .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
        .doesNotContainKey("SPRING_DATA_REDIS_HOST");
  }

  @Test
  void chartRefusesInconsistentProtocolValues() {
    assertThatThrownBy(
            () ->
                Deployments.render(
                    "protocol.validators[0]",
                    "0x1111111111111111111111111111111111111111",
                    "protocol.validators[1]",
                    "0x2222222222222222222222222222222222222222",
                    "protocol.validators[2]",
                    "0x3333333333333333333333333333333333333333"))
        .hasMessageContaining("set only one of protocol.validators and protocol.validatorSeeds");
    assertThatThrownBy(() -> Deployments.render("protocol.validatorSeeds", "null"))
        .hasMessageContaining("set protocol.validators (hex addresses) or protocol.validatorSeeds");
    assertThatThrownBy(() -> Deployments.render("validator.replicaCount", 4))
        .hasMessageContaining(
            "validator.replicaCount exceeds the number of protocol.validatorSeeds");
    assertThatThrownBy(
            () -> Deployments.render("protocol.timetable.overrides.slotDurationMs", 6000))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("additional properties 'slotDurationMs' not allowed");
    assertThatThrownBy(() -> Deployments.render("proposer.settings.keyDir", "/tmp"))
        .hasMessageContaining("additional properties 'keyDir' not allowed");
    assertThatThrownBy(() -> Deployments.render("chain.genesisBalances.alice", 5))
        .hasMessageContaining("'alice' does not match pattern");
  }

  @Test
  void componentsCanBeSwitchedOffAndValidatorKeysAreRequired() {
    List<Map<String, Object>> rendered =
        parse(
            new Helm(chart)
                .template()
                .withName(RELEASE)
                .withKubeVersion(KUBE_VERSION)
                .set("l1Publisher.enabled", false)
                .set("validator.persistence.enabled", false)
                .call());
    assertThat(find(rendered, "Deployment", "ss-slotstream-l1-publisher")).isEmpty();
    assertThat(map(workload(rendered, "validator"), "spec"))
        .doesNotContainKey("volumeClaimTemplates");
    assertThat(list(Deployments.podSpec(workload(rendered, "validator")), "volumes"))
        .contains(Map.of("name", "signing-record", "emptyDir", Map.of()));

    assertThatThrownBy(
            () ->
                new Helm(chart)
                    .template()
                    .withName(RELEASE)
                    .withKubeVersion(KUBE_VERSION)
                    .set("validator.keys.existingSecret", "")
                    .call())
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

  private static Optional<Map<String, Object>> find(
      List<Map<String, Object>> docs, String kind, String name) {
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
