package dev.slotstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the chart with several values files (src/test/resources/values) and validates every
 * manifest against the Kubernetes API schemas, offline and strictly (unknown fields fail): what an
 * API server would refuse, or silently drop, fails here.
 */
class KubernetesSchemaTest {
  private static KubernetesSchemas schemas;

  @BeforeAll
  static void loadSchemas() {
    schemas = KubernetesSchemas.load();
    assertThat(schemas.sources()).as("fabric8 schema jars on the test classpath").hasSize(6);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"(chart defaults)", "production-sasl.yaml", "mtls.yaml", "minimal.yaml"})
  void everyRenderedManifestIsValidAgainstTheKubernetesSchemas(String valuesFile) {
    List<Map<String, Object>> manifests = render(valuesFile);
    assertThat(manifests).isNotEmpty();
    Map<String, Set<String>> invalid = new LinkedHashMap<>();
    for (Map<String, Object> m : manifests) {
      Set<String> violations = schemas.violations(m);
      if (!violations.isEmpty()) {
        invalid.put(m.get("kind") + " " + Deployments.path(m, "metadata", "name"), violations);
      }
    }
    assertThat(invalid).as("schema violations with %s", valuesFile).isEmpty();
  }

  @Test
  void productionValuesRenderEveryOptionalResource() {
    List<String> kinds =
        render("production-sasl.yaml").stream().map(m -> (String) m.get("kind")).toList();
    assertThat(kinds)
        .contains(
            "PodDisruptionBudget",
            "NetworkPolicy",
            "ServiceMonitor",
            "PrometheusRule",
            "StatefulSet",
            "Deployment",
            "PersistentVolumeClaim");
    assertThat(kinds.stream().filter("NetworkPolicy"::equals)).hasSize(4);
    // The ACL Job as a plain resource (mtls.yaml), so the schema check above covers it.
    assertThat(render("mtls.yaml").stream().map(m -> m.get("kind"))).contains("Job");
  }

  @Test
  void strictValidationRejectsUnknownFieldsWrongTypesAndUnknownKinds() {
    Map<String, Object> statefulSet = Deployments.workload(Deployments.render(), "validator");
    assertThat(schemas.violations(statefulSet)).isEmpty();

    Map<String, Object> container = Deployments.container(statefulSet);
    container.put("livenesProbe", container.get("livenessProbe")); // misspelt: unknown field
    assertThat(schemas.violations(statefulSet)).anyMatch(v -> v.contains("livenesProbe"));
    container.remove("livenesProbe");

    Deployments.map(statefulSet, "spec").put("replicas", "three");
    assertThat(schemas.violations(statefulSet)).anyMatch(v -> v.contains("replicas"));
    Deployments.map(statefulSet, "spec").put("replicas", 3);

    // A field valid elsewhere but not here (a Deployment's strategy on a StatefulSet).
    Deployments.map(statefulSet, "spec").put("strategy", Map.of("type", "Recreate"));
    assertThat(schemas.violations(statefulSet)).anyMatch(v -> v.contains("strategy"));

    Map<String, Object> unknown = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Pod2"));
    assertThat(schemas.violations(unknown)).containsExactly("no Kubernetes schema for v1/Pod2");
  }

  /** helm template with a values file (or the chart's defaults) and --set pairs. */
  static List<Map<String, Object>> render(String valuesFile, Object... sets) {
    TemplateCommand t =
        new Helm(Deployments.chart())
            .template()
            .withName(Deployments.RELEASE)
            .withKubeVersion(Deployments.KUBE_VERSION)
            .withNamespace("slotstream");
    if (valuesFile.endsWith(".yaml")) {
      t = t.withValuesFile(valuesDir().resolve(valuesFile));
    }
    for (int i = 0; i + 1 < sets.length; i += 2) {
      t = t.set((String) sets[i], sets[i + 1]);
    }
    return new ArrayList<>(Deployments.parse(t.call()));
  }

  static Path valuesDir() {
    return Paths.get(System.getProperty("slotstream.repoDir", ".."))
        .resolve("deploy-tests/src/test/resources/values")
        .toAbsolutePath()
        .normalize();
  }
}
