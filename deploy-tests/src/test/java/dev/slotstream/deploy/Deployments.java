package dev.slotstream.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/** Renders the chart, reads docker-compose.yml, and works out the environment each container gets. */
final class Deployments {

  static final String RELEASE = "ss";

  /** Helm renders for Kubernetes v1.20 unless told; the chart needs 1.27 or later. */
  static final String KUBE_VERSION = "1.30.0";

  static final String POD_INDEX_LABEL = "metadata.labels['apps.kubernetes.io/pod-index']";

  private Deployments() {}

  static Path repo() {
    return Paths.get(System.getProperty("slotstream.repoDir", "..")).toAbsolutePath().normalize();
  }

  static Path chart() {
    return Paths.get(System.getProperty("slotstream.chartDir", "../helm/slotstream"))
        .toAbsolutePath()
        .normalize();
  }

  /** helm template with the given --set pairs (key, value, key, value, ...). */
  static List<Map<String, Object>> render(Object... sets) {
    TemplateCommand t =
        new Helm(chart())
            .template()
            .withName(RELEASE)
            .withKubeVersion(KUBE_VERSION)
            .withNamespace("slotstream");
    for (int i = 0; i + 1 < sets.length; i += 2) {
      t = t.set((String) sets[i], sets[i + 1]);
    }
    return parse(t.call());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parse(String yaml) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(yaml)) {
      if (doc != null) {
        docs.add((Map<String, Object>) doc);
      }
    }
    return docs;
  }

  static Optional<Map<String, Object>> find(
      List<Map<String, Object>> docs, String kind, String name) {
    return docs.stream()
        .filter(m -> kind.equals(m.get("kind")) && name.equals(path(m, "metadata", "name")))
        .findFirst();
  }

  static Map<String, Object> workload(List<Map<String, Object>> docs, String component) {
    String kind = component.equals("validator") ? "StatefulSet" : "Deployment";
    return find(docs, kind, RELEASE + "-slotstream-" + component)
        .orElseThrow(() -> new AssertionError(kind + " of " + component + " not rendered"));
  }

  static Map<String, Object> podSpec(Map<String, Object> workload) {
    return map(map(map(workload, "spec"), "template"), "spec");
  }

  static Map<String, Object> container(Map<String, Object> workload) {
    return list(podSpec(workload), "containers").get(0);
  }

  /** Every container of every rendered workload. */
  static List<Map<String, Object>> containers(List<Map<String, Object>> docs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> doc : docs) {
      if ("Deployment".equals(doc.get("kind")) || "StatefulSet".equals(doc.get("kind"))) {
        out.addAll(list(podSpec(doc), "containers"));
        Object init = podSpec(doc).get("initContainers");
        if (init != null) {
          out.addAll(list(podSpec(doc), "initContainers"));
        }
      }
    }
    return out;
  }

  /**
   * The environment a container of {@code component} sees in the pod {@code podName}, as the
   * kubelet builds it: ConfigMaps of envFrom first, then env in order (a later entry wins).
   * fieldRefs resolve against the pod; {@code podIndex} is the pod-index label's value (null = no
   * such label, which the kubelet turns into ""); secretKeyRefs become "secret:name/key".
   */
  @SuppressWarnings("unchecked")
  static Map<String, String> podEnv(
      List<Map<String, Object>> docs, String component, String podName, Integer podIndex) {
    Map<String, Object> container = container(workload(docs, component));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOSTNAME", podName);
    Object envFrom = container.get("envFrom");
    if (envFrom != null) {
      for (Map<String, Object> from : (List<Map<String, Object>>) envFrom) {
        String cm = (String) path(from, "configMapRef", "name");
        Map<String, Object> data = map(find(docs, "ConfigMap", cm).orElseThrow(), "data");
        data.forEach((k, v) -> env.put(k, String.valueOf(v)));
      }
    }
    for (Map<String, Object> e : list(container, "env")) {
      String name = (String) e.get("name");
      if (e.containsKey("value")) {
        env.put(name, e.get("value") == null ? "" : String.valueOf(e.get("value")));
        continue;
      }
      Object fieldPath = path(e, "valueFrom", "fieldRef", "fieldPath");
      Object secret = path(e, "valueFrom", "secretKeyRef", "name");
      if ("metadata.name".equals(fieldPath)) {
        env.put(name, podName);
      } else if ("metadata.namespace".equals(fieldPath)) {
        env.put(name, "slotstream");
      } else if (POD_INDEX_LABEL.equals(fieldPath)) {
        env.put(name, podIndex == null ? "" : podIndex.toString());
      } else if (secret != null) {
        env.put(name, "secret:" + secret + "/" + path(e, "valueFrom", "secretKeyRef", "key"));
      } else {
        throw new AssertionError("env " + name + ": unsupported source " + e);
      }
    }
    return env;
  }

  /** Every env var name the chart sets: ConfigMap entries and each container's env. */
  @SuppressWarnings("unchecked")
  static List<String> chartEnvNames(List<Map<String, Object>> docs) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> doc : docs) {
      if ("ConfigMap".equals(doc.get("kind"))) {
        names.addAll(((Map<String, Object>) doc.get("data")).keySet());
      }
    }
    for (Map<String, Object> c : containers(docs)) {
      for (Map<String, Object> e : list(c, "env")) {
        names.add((String) e.get("name"));
      }
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> composeServices() {
    try (Reader r = Files.newBufferedReader(repo().resolve("docker-compose.yml"))) {
      Map<String, Object> compose =
          new Yaml().load(r); // resolves the <<: merge keys like Compose does
      return (Map<String, Object>) compose.get("services");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment of a compose service, with HOSTNAME as Docker sets it from hostname:. */
  @SuppressWarnings("unchecked")
  static Map<String, String> composeEnv(String service) {
    Map<String, Object> s = (Map<String, Object>) composeServices().get(service);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOSTNAME", String.valueOf(s.getOrDefault("hostname", service)));
    Map<String, Object> declared = (Map<String, Object>) s.get("environment");
    declared.forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
    return env;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> m, String key) {
    return (Map<String, Object>) Objects.requireNonNull(m.get(key), key);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) Objects.requireNonNull(m.get(key), key);
  }

  @SuppressWarnings("unchecked")
  static Object path(Map<String, Object> m, String... keys) {
    Object cur = m;
    for (String k : keys) {
      cur = cur == null ? null : ((Map<String, Object>) cur).get(k);
    }
    return cur;
  }
}
