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
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The structure of docker-compose.yml, checked without a Docker engine (compose-tests runs it where
 * an engine answers).
 */
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
  void declaresInfrastructureAndTheFourServices() throws IOException {
    assertThat(services).containsKeys("kafka", "redis", "anvil", "l1-deploy");
    assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
    // Image names from variables, the official images by default.
    assertThat(service("kafka").get("image")).isEqualTo("${KAFKA_IMAGE:-apache/kafka:3.9.1}");
    assertThat(service("redis").get("image")).isEqualTo("${REDIS_IMAGE:-redis:7}");
    assertThat(service("anvil").get("image"))
        .isEqualTo("${ANVIL_IMAGE:-ghcr.io/foundry-rs/foundry:stable}");
    assertThat(String.join(" ", (List<String>) service("anvil").get("command")))
        .contains("--host 0.0.0.0");
    // Kafka runs KRaft through docker/kafka/start.sh, in the official image or the offline one.
    assertThat((List<String>) service("kafka").get("entrypoint"))
        .containsExactly("/bin/bash", "/slotstream/start.sh");
    assertThat(kafkaStart())
        .contains("process.roles=broker,controller")
        .contains("authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .contains("allow.everyone.if.no.acl.found=false");
    // Redis persists its data: append-only file on a named volume.
    assertThat(String.join(" ", (List<String>) service("redis").get("command")))
        .contains("--appendonly yes")
        .contains("--dir /data");
    assertThat((List<String>) service("redis").get("volumes")).containsExactly("redis-data:/data");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyNodeAuthenticatesToKafkaAsItsOwnUserAndOnlyItsRoleWritesItsTopics() throws IOException {
    Map<String, String> users = new TreeMap<>();
    for (String entry : env("kafka").get("KAFKA_SCRAM_USERS").toString().split("\\s+")) {
      users.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
    }
    Map<String, String> userOf =
        Map.of(
            "proposer-service", "proposer",
            "validator-0", "validator-0",
            "validator-1", "validator-1",
            "validator-2", "validator-2",
            "validator-3", "validator-3",
            "attestation-service", "attestation",
            "l1-publisher-service", "l1-publisher");
    for (String name : SERVICES) {
      String user = userOf.get(name);
      assertThat(env(name))
          .as(name)
          .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
          .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
      String jaas = env(name).get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG").toString();
      assertThat(jaas).as(name).contains("ScramLoginModule required username=\"" + user + "\"");
      assertThat(users).as("KAFKA_SCRAM_USERS").containsKey(user);
      // The service's password variable is the one the broker's user is created with.
      assertThat(jaas).as(name).contains("password=\"" + users.get(user) + "\"");
    }
    assertThat(users).containsKey("admin").hasSize(SERVICES.size() + 1);
    String start = kafkaStart();
    assertThat(start)
        .contains(
            "acl --allow-principal User:proposer --operation Write \\\n"
                + "    --topic \"$PREFIX.tx\" --topic \"$PREFIX.block_proposal\" --topic"
                + " \"$PREFIX.checkpoint_proposal\"")
        .contains(
            "acl \"${validators[@]}\" --operation Write --topic \"$PREFIX.checkpoint_attestation\"")
        .contains(
            "acl --allow-principal User:attestation --operation Write --topic"
                + " \"$PREFIX.checkpoint_quorum\"");
    // Everyone else only reads the gossip topics (and writes dead letters).
    assertThat(start.lines().filter(l -> l.contains("--operation Write")).count()).isEqualTo(4);
  }

  private static String kafkaStart() throws IOException {
    return Files.readString(repo.resolve("docker/kafka/start.sh"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void servicesUseTheirImagesHealthchecksAndInfrastructureSettings() {
    for (String name : SERVICES) {
      Map<String, Object> s = service(name);
      String image = name.startsWith("validator-") ? "validator-service" : name;
      assertThat(s.get("image")).as(name).isEqualTo("slotstream/" + image + ":0.1.0");
      assertThat((Map<String, Object>) ((Map<String, Object>) s.get("build")).get("args"))
          .as(name)
          .containsEntry("SERVICE", image)
          .containsEntry("JRE_IMAGE", "${JRE_IMAGE:-eclipse-temurin:17-jre}");
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
          .containsEntry("SLOTSTREAM_CHAIN_SIGNING_RECORD_DIR", "/var/lib/slotstream/validator")
          // The chain on disk, on the same volume: a restarted validator resumes from it.
          .containsEntry("SLOTSTREAM_CHAIN_DATA_DIR", "/var/lib/slotstream/validator/chain");
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
        .containsEntry("SLOTSTREAM_CHAIN_SIGNING_RECORD_DIR", "/var/lib/slotstream/proposer")
        .containsEntry("SLOTSTREAM_CHAIN_DATA_DIR", "/var/lib/slotstream/proposer/chain");
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
