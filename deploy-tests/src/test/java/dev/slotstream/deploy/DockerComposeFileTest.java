package dev.slotstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml cannot be run here (no Docker engine): check its structure instead. */
class DockerComposeFileTest {

  private static final List<String> SERVICES =
      List.of(
          "proposer-service",
          "validator-0",
          "validator-1",
          "validator-2",
          "validator-3",
          "attestation-service",
          "l1-publisher-service");

  private static Path repo;
  private static Map<String, Object> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    repo = Paths.get(System.getProperty("slotstream.repoDir", "..")).toAbsolutePath().normalize();
    try (Reader r = Files.newBufferedReader(repo.resolve("docker-compose.yml"))) {
      Map<String, Object> compose =
          new Yaml().load(r); // resolves the <<: merge keys like Compose does
      services = (Map<String, Object>) compose.get("services");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void declaresInfrastructureAndTheFourServices() {
    assertThat(services).containsKeys("kafka", "redis", "anvil");
    assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
    assertThat(service("kafka").get("image").toString()).startsWith("apache/kafka:3.9.");
    assertThat(env("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    assertThat(service("redis").get("image").toString()).startsWith("redis:7");
    assertThat(service("anvil").get("image").toString()).startsWith("ghcr.io/foundry-rs/foundry");
    assertThat(String.join(" ", (List<String>) service("anvil").get("command")))
        .contains("--host 0.0.0.0");
  }

  @Test
  @SuppressWarnings("unchecked")
  void servicesUseTheirImagesHealthchecksAndInfrastructureSettings() {
    for (String name : SERVICES) {
      Map<String, Object> s = service(name);
      String image = name.startsWith("validator-") ? "validator-service" : name;
      assertThat(s.get("image")).as(name).isEqualTo("slotstream/" + image + ":0.1.0");
      assertThat(((Map<String, Object>) s.get("build")).get("args"))
          .as(name)
          .isEqualTo(Map.of("SERVICE", image));
      assertThat(
              String.join(
                  " ", (List<String>) ((Map<String, Object>) s.get("healthcheck")).get("test")))
          .as(name)
          .contains("/actuator/health");
      assertThat((Map<String, Object>) s.get("depends_on")).as(name).containsKey("kafka");
      assertThat(env(name))
          .as(name)
          .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
          .containsKey("SERVER_PORT");
    }
    assertThat((Map<String, Object>) service("attestation-service").get("depends_on"))
        .containsKey("redis");
    assertThat(env("attestation-service")).containsEntry("SPRING_DATA_REDIS_HOST", "redis");
    assertThat((Map<String, Object>) service("l1-publisher-service").get("depends_on"))
        .containsKey("anvil");
    assertThat(Files.exists(repo.resolve("docker/service.Dockerfile"))).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void oneProposerAndFourValidatorsEachWithItsOwnNodeIdKeyAndSigningRecordVolume() {
    assertThat(services.keySet().stream().filter(n -> n.startsWith("proposer")))
        .containsExactly("proposer-service");
    Set<String> nodeIds = new TreeSet<>();
    Set<String> volumes = new TreeSet<>();
    for (int n = 0; n < 4; n++) {
      String name = "validator-" + n;
      assertThat(env(name))
          .as(name)
          .containsEntry("SLOTSTREAM_GOSSIP_NODE_ID", name)
          .containsEntry("SLOTSTREAM_NODE_KEY_SEEDS", name)
          .containsEntry("SLOTSTREAM_CHAIN_SIGNING_RECORD_DIR", "/var/lib/slotstream/validator");
      nodeIds.add((String) env(name).get("SLOTSTREAM_GOSSIP_NODE_ID"));
      volumes.addAll((List<String>) service(name).get("volumes"));
    }
    nodeIds.add((String) env("proposer-service").get("SLOTSTREAM_GOSSIP_NODE_ID"));
    nodeIds.add((String) env("attestation-service").get("SLOTSTREAM_GOSSIP_NODE_ID"));
    assertThat(nodeIds).as("every node consumes gossip in its own group").hasSize(6);
    assertThat(volumes).hasSize(4).allMatch(v -> v.endsWith(":/var/lib/slotstream/validator"));
    assertThat(env("proposer-service"))
        .containsEntry(
            "SLOTSTREAM_NODE_KEY_SEEDS", "validator-0,validator-1,validator-2,validator-3")
        .containsEntry("SLOTSTREAM_CHAIN_SIGNING_RECORD_DIR", "/var/lib/slotstream/proposer");
    assertThat((List<String>) service("proposer-service").get("volumes"))
        .containsExactly("proposer-data:/var/lib/slotstream/proposer");
    assertThat(env("proposer-service"))
        .containsEntry(
            "SLOTSTREAM_PROTOCOL_VALIDATOR_SEEDS",
            "validator-0,validator-1,validator-2,validator-3");
  }

  @Test
  @SuppressWarnings("unchecked")
  void sharedSettingsMatchTheHelmChartsConfigMap() {
    String rendered =
        new Helm(repo.resolve("helm/slotstream"))
            .template()
            .withName("ss")
            .withKubeVersion("1.30.0")
            .call();
    Set<String> configMapKeys = new TreeSet<>();
    for (Object doc : new Yaml().loadAll(rendered)) {
      Map<String, Object> m = (Map<String, Object>) doc;
      if (m != null && "ConfigMap".equals(m.get("kind"))) {
        configMapKeys.addAll(((Map<String, Object>) m.get("data")).keySet());
      }
    }
    assertThat(configMapKeys).isNotEmpty();
    for (String name : SERVICES) {
      assertThat(env(name).keySet()).as(name).containsAll(configMapKeys);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(String name) {
    return (Map<String, Object>) service(name).get("environment");
  }
}
