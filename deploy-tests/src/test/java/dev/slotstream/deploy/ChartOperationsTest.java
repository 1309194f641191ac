package dev.slotstream.deploy;

import static dev.slotstream.deploy.Deployments.container;
import static dev.slotstream.deploy.Deployments.find;
import static dev.slotstream.deploy.Deployments.list;
import static dev.slotstream.deploy.Deployments.map;
import static dev.slotstream.deploy.Deployments.path;
import static dev.slotstream.deploy.Deployments.podSpec;
import static dev.slotstream.deploy.Deployments.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on in the chart: values rejected by values.schema.json, probes on the
 * actuator groups, a hardened pod, validators' PDB, Kafka identities and ACLs from Secrets, nothing
 * secret in a ConfigMap, and the monitoring resources behind their flags.
 */
class ChartOperationsTest {
  private static final List<String> COMPONENTS =
      List.of("proposer", "validator", "attestation", "l1-publisher");

  @Test
  void valuesSchemaRejectsWrongValuesBeforeAnyTemplateRuns() {
    assertThatThrownBy(() -> Deployments.render("protocol.rollupAddress", "0x1234"))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("rollupAddress");
    assertThatThrownBy(() -> Deployments.render("protocol.timetable.preset", "fast"))
        .hasMessageContaining("preset");
    assertThatThrownBy(() -> Deployments.render("validator.replicaCount", 0))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> Deployments.render("kafka.securityProtocol", "SASL"))
        .hasMessageContaining("securityProtocol");
    assertThatThrownBy(() -> Deployments.render("health.showDetails", "yes"))
        .hasMessageContaining("showDetails");
    assertThatThrownBy(() -> Deployments.render("validatr.replicaCount", 3))
        .hasMessageContaining("validatr");
    assertThatThrownBy(() -> Deployments.render("l1Publisher.replicaCount", 2))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> Deployments.render("podSecurityContext.runAsNonRoot", false))
        .hasMessageContaining("runAsNonRoot");
    assertThatThrownBy(() -> Deployments.render("l1Publisher.l1.rpcUrl", "localhost:8545"))
        .hasMessageContaining("rpcUrl");
  }

  @Test
  void probesUseTheActuatorGroupsWithAStartupProbeAndPodsAreHardened() {
    List<Map<String, Object>> docs = Deployments.render();
    for (String c : COMPONENTS) {
      Map<String, Object> w = workload(docs, c);
      Map<String, Object> container = container(w);
      assertThat(path(container, "startupProbe", "httpGet", "path"))
          .as(c)
          .isEqualTo("/actuator/health/liveness");
      assertThat((Integer) path(container, "startupProbe", "failureThreshold"))
          .as(c)
          .isGreaterThanOrEqualTo(20);
      assertThat(path(container, "readinessProbe", "httpGet", "path"))
          .isEqualTo("/actuator/health/readiness");
      assertThat(map(container, "securityContext"))
          .as(c)
          .containsEntry("readOnlyRootFilesystem", true)
          .containsEntry("allowPrivilegeEscalation", false)
          .containsEntry("capabilities", Map.of("drop", List.of("ALL")));
      Map<String, Object> pod = podSpec(w);
      assertThat(map(pod, "securityContext"))
          .as(c)
          .containsEntry("runAsNonRoot", true)
          .containsEntry("runAsUser", 10001)
          .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
      // The JVM needs a writable /tmp on a read-only root filesystem.
      assertThat(list(container, "volumeMounts"))
          .as(c)
          .contains(Map.of("name", "tmp", "mountPath", "/tmp"));
      assertThat(list(pod, "volumes")).as(c).contains(Map.of("name", "tmp", "emptyDir", Map.of()));
      assertThat(map(container, "resources")).as(c).containsKeys("requests", "limits");
    }
    Map<String, Object> pdb =
        find(docs, "PodDisruptionBudget", "ss-slotstream-validator").orElseThrow();
    assertThat(path(pdb, "spec", "maxUnavailable")).isEqualTo(1);
    assertThat(path(pdb, "spec", "selector", "matchLabels"))
        .isEqualTo(path(workload(docs, "validator"), "spec", "selector", "matchLabels"));
  }

  @Test
  void nothingSecretIsInAConfigMapAndSecretsComeFromSecretRefs() {
    List<Map<String, Object>> docs = KubernetesSchemaTest.render("production-sasl.yaml");
    assertThat(docs.stream().map(d -> d.get("kind"))).doesNotContain("Secret");
    Pattern secretish = Pattern.compile("(?i)(password|private|jaas|secret|key)");
    for (Map<String, Object> doc : docs) {
      if ("ConfigMap".equals(doc.get("kind")) && doc.get("data") != null) {
        for (Map.Entry<String, Object> e : map(doc, "data").entrySet()) {
          if (!e.getKey().endsWith(".json")) {
            assertThat(e.getKey()).as("ConfigMap key").doesNotContainPattern(secretish);
          }
        }
      }
    }
    Map<String, Object> publisher = container(workload(docs, "l1-publisher"));
    assertThat(list(publisher, "env"))
        .contains(
            Map.of(
                "name",
                "SLOTSTREAM_L1_PRIVATE_KEY",
                "valueFrom",
                Map.of("secretKeyRef", Map.of("name", "l1-publisher-key", "key", "private-key"))))
        .contains(Map.of("name", "SLOTSTREAM_L1_RPC_URL", "value", "https://l1.example.org"))
        .contains(Map.of("name", "SLOTSTREAM_L1_CONFIRMATIONS", "value", "2"));
    // Every env value that is not a plain setting comes from a Secret or the pod itself.
    for (String c : COMPONENTS) {
      for (Map<String, Object> e : list(container(workload(docs, c)), "env")) {
        String name = (String) e.get("name");
        if (name.contains("PASSWORD") || name.endsWith("_KEY") || name.contains("USERNAME")) {
          assertThat(e).as("%s %s", c, name).containsKey("valueFrom").doesNotContainKey("value");
        }
      }
    }
  }

  @Test
  void eachRoleAuthenticatesToKafkaWithItsOwnSecret() {
    List<Map<String, Object>> docs = KubernetesSchemaTest.render("production-sasl.yaml");
    Map<String, String> secretOf =
        Map.of(
            "proposer", "kafka-user-proposer",
            "validator", "kafka-user-validator",
            "attestation", "kafka-user-attestation",
            "l1-publisher", "kafka-user-l1-publisher");
    for (String c : COMPONENTS) {
      Map<String, String> env = Deployments.podEnv(docs, c, "ss-slotstream-" + c + "-0", 0);
      assertThat(env)
          .as(c)
          .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
          .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
          .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS", "always")
          .containsEntry("KAFKA_SASL_USERNAME", "secret:" + secretOf.get(c) + "/username")
          .containsEntry("KAFKA_SASL_PASSWORD", "secret:" + secretOf.get(c) + "/password")
          .containsEntry(
              "SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES", "secret:kafka-ca/ca.crt")
          .containsEntry("SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE", "PEM");
      // The kubelet expands $(VAR) from the variables defined before it: they must come first.
      List<String> names =
          list(container(workload(docs, c)), "env").stream()
              .map(e -> (String) e.get("name"))
              .toList();
      assertThat(names.indexOf("KAFKA_SASL_PASSWORD"))
          .isLessThan(names.indexOf("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"));
      assertThat(env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
          .isEqualTo(
              "org.apache.kafka.common.security.scram.ScramLoginModule required"
                  + " username=\"$(KAFKA_SASL_USERNAME)\" password=\"$(KAFKA_SASL_PASSWORD)\";");
    }

    List<Map<String, Object>> mtls = KubernetesSchemaTest.render("mtls.yaml");
    Map<String, String> validatorEnv =
        Deployments.podEnv(mtls, "validator", "ss-slotstream-validator-0", 0);
    assertThat(validatorEnv)
        .containsEntry("SPRING_KAFKA_PROPERTIES_SSL_KEYSTORE_TYPE", "PEM")
        .containsEntry(
            "SPRING_KAFKA_PROPERTIES_SSL_KEYSTORE_CERTIFICATE_CHAIN",
            "secret:slotstream-validator/user.crt")
        .containsEntry(
            "SPRING_KAFKA_PROPERTIES_SSL_KEYSTORE_KEY", "secret:slotstream-validator/user.key")
        .doesNotContainKey("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");

    assertThatThrownBy(() -> Deployments.render("kafka.securityProtocol", "SASL_SSL"))
        .hasMessageMatching(
            "(?s).*kafka\\.credentials\\.[a-zA-Z]+\\.existingSecret is required with"
                + " kafka\\.securityProtocol=SASL_SSL.*");
    // Without authentication the services get no credentials at all.
    assertThat(Deployments.podEnv(Deployments.render(), "proposer", "p", null))
        .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
        .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS", "never")
        .doesNotContainKeys("KAFKA_SASL_PASSWORD", "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
  }

  @Test
  void aclJobGivesEachRoleWriteOnlyOnItsOwnTopics() {
    // Helm's template output (helm-java's too) leaves hooks out: render the plain-Job variant.
    List<Map<String, Object>> docs =
        KubernetesSchemaTest.render("production-sasl.yaml", "kafka.acls.helmHook", false);
    Map<String, Object> job = find(docs, "Job", "ss-slotstream-kafka-acls-1").orElseThrow();
    assertThat(path(job, "metadata", "annotations")).isNull();
    Map<String, Object> c = container(job);
    Set<String> acls = acls(((List<?>) c.get("command")).get(2).toString());
    Map<String, Set<String>> writes = new java.util.HashMap<>();
    Pattern gossipWrite =
        Pattern.compile(
            "User:slotstream-([a-z0-9-]+) Write literal topic slotstream-mainnet\\.([a-z_]+)");
    for (String acl : acls) {
      Matcher m = gossipWrite.matcher(acl);
      if (m.matches()) {
        writes.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
      }
    }
    assertThat(writes)
        .containsOnly(
            Map.entry("proposer", Set.of("tx", "block_proposal", "checkpoint_proposal")),
            Map.entry("validator", Set.of("checkpoint_attestation")),
            Map.entry("attestation", Set.of("checkpoint_quorum")));
    // Everyone reads (and may create) the network's topics, writes the dead-letter topics and
    // reads in the release's groups.
    for (String role : List.of("proposer", "validator", "attestation", "l1-publisher")) {
      String principal = "User:slotstream-" + role;
      assertThat(acls)
          .contains(
              principal + " Read prefixed topic slotstream-mainnet.",
              principal + " Describe prefixed topic slotstream-mainnet.",
              principal + " Create prefixed topic slotstream-mainnet.",
              principal + " Write literal topic slotstream-mainnet.checkpoint_quorum.DLT",
              principal + " Read prefixed group ss-slotstream-");
    }
    assertThat(acls)
        .contains(
            "User:slotstream-attestation Read literal group attestation-service",
            "User:slotstream-l1-publisher Read literal group slotstream-mainnet.l1-publisher")
        .hasSize(4 * (3 + 5 + 1) + 3 + 1 + 1 + 2);
    assertThat(list(podSpec(job), "volumes"))
        .contains(
            Map.of(
                "name",
                "kafka-admin",
                "secret",
                Map.of("secretName", "kafka-admin-client", "defaultMode", 0400)));
    assertThat(Deployments.render().stream().map(d -> d.get("kind"))).doesNotContain("Job");
    // A proposer node id outside the release's prefix gets its group too.
    Set<String> custom =
        acls(
            ((List<?>)
                    container(
                            find(
                                    KubernetesSchemaTest.render(
                                        "production-sasl.yaml",
                                        "kafka.acls.helmHook",
                                        false,
                                        "proposer.nodeId",
                                        "proposer-a"),
                                    "Job",
                                    "ss-slotstream-kafka-acls-1")
                                .orElseThrow())
                        .get("command"))
                .get(2)
                .toString());
    assertThat(custom).contains("User:slotstream-proposer Read literal group proposer-a");
  }

  /**
   * The ACLs the Job's script adds, one "principal operation pattern type name" per principal,
   * operation and resource of each {@code acl} line (the kafka-acls.sh --add arguments).
   */
  private static Set<String> acls(String script) {
    Set<String> out = new TreeSet<>();
    Pattern quoted =
        Pattern.compile(
            "--(allow-principal|operation|resource-pattern-type|topic|group) \"?([^\" ]+)\"?");
    for (String line :
        script.lines().map(String::strip).filter(l -> l.startsWith("acl ")).toList()) {
      List<String> principals = new ArrayList<>();
      List<String> operations = new ArrayList<>();
      List<String> resources = new ArrayList<>();
      String pattern = "literal";
      Matcher m = quoted.matcher(line);
      while (m.find()) {
        switch (m.group(1)) {
          case "allow-principal" -> principals.add(m.group(2));
          case "operation" -> operations.add(m.group(2));
          case "resource-pattern-type" -> pattern = m.group(2);
          default -> resources.add(m.group(1) + " " + m.group(2));
        }
      }
      assertThat(principals).as(line).isNotEmpty();
      assertThat(operations).as(line).isNotEmpty();
      assertThat(resources).as(line).isNotEmpty();
      for (String p : principals) {
        for (String o : operations) {
          for (String r : resources) {
            String[] typeName = r.split(" ", 2);
            out.add(p + " " + o + " " + pattern + " " + typeName[0] + " " + typeName[1]);
          }
        }
      }
    }
    return out;
  }

  @Test
  void monitoringResourcesAreBehindTheirFlags() throws IOException {
    List<Map<String, Object>> defaults = Deployments.render();
    assertThat(defaults.stream().map(d -> d.get("kind")))
        .doesNotContain("ServiceMonitor", "PrometheusRule", "NetworkPolicy", "Job");
    List<Map<String, Object>> docs = KubernetesSchemaTest.render("production-sasl.yaml");
    Map<String, Object> sm = find(docs, "ServiceMonitor", "ss-slotstream").orElseThrow();
    assertThat(path(sm, "metadata", "labels", "release")).isEqualTo("kube-prometheus-stack");
    Map<String, Object> selector = map(map(map(sm, "spec"), "selector"), "matchLabels");
    // Selects each component's Service once (not the validators' headless one).
    long selected =
        docs.stream()
            .filter(d -> "Service".equals(d.get("kind")))
            .filter(
                d ->
                    ((Map<?, ?>) path(d, "metadata", "labels"))
                        .entrySet()
                        .containsAll(selector.entrySet()))
            .count();
    assertThat(selected).isEqualTo(COMPONENTS.size());

    Map<String, Object> rule = find(docs, "PrometheusRule", "ss-slotstream").orElseThrow();
    List<String> alerts = new ArrayList<>();
    for (Map<String, Object> group : list(map(rule, "spec"), "groups")) {
      for (Map<String, Object> r : list(group, "rules")) {
        alerts.add((String) r.get("alert"));
        assertThat(r.get("expr").toString()).contains("namespace=\"slotstream\"");
      }
    }
    assertThat(alerts)
        .contains(
            "SlotstreamMissedSlots",
            "SlotstreamQuorumSlow",
            "SlotstreamDeadLettersGrowing",
            "SlotstreamPublisherFailures");
    // Standard timetable: 60 s slots, so 10 minutes hold 10 slots.
    assertThat(alertExpr(rule, "SlotstreamMissedSlots")).endsWith("< 0.9 * 10");
    // Every alert is explained in docs/OPERATIONS.md.
    String ops =
        Files.readString(Deployments.repo().resolve("docs/OPERATIONS.md"), StandardCharsets.UTF_8);
    assertThat(alerts).allSatisfy(a -> assertThat(ops).contains("### " + a));

    Map<String, Object> dashboard =
        find(docs, "ConfigMap", "ss-slotstream-dashboard").orElseThrow();
    assertThat(path(dashboard, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
    String json = (String) map(dashboard, "data").get("slotstream.json");
    assertThat(json.strip())
        .isEqualTo(
            Files.readString(
                    Deployments.chart().resolve("dashboards/slotstream.json"),
                    StandardCharsets.UTF_8)
                .strip());
  }

  @Test
  void composeAndChartShipTheSameDashboard() throws IOException {
    assertThat(
            Files.readString(
                Deployments.repo().resolve("docker/grafana/slotstream-dashboard.json"),
                StandardCharsets.UTF_8))
        .isEqualTo(
            Files.readString(
                Deployments.chart().resolve("dashboards/slotstream.json"), StandardCharsets.UTF_8));
  }

  private static String alertExpr(Map<String, Object> rule, String alert) {
    for (Map<String, Object> group : list(map(rule, "spec"), "groups")) {
      for (Map<String, Object> r : list(group, "rules")) {
        if (alert.equals(r.get("alert"))) {
          return r.get("expr").toString();
        }
      }
    }
    throw new AssertionError(alert);
  }
}
