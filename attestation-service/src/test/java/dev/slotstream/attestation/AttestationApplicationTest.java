package dev.slotstream.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.gossip.testing.ActuatorChecks;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.node.ProtocolProperties;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(
    tracing = false) // tests turn metrics export (/actuator/prometheus) off otherwise
class AttestationApplicationTest {

  /** The service needs its Kafka and Redis: the in-process broker and a real Redis. */
  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    GossipTestInfrastructure.registerAll(registry);
    registry.add("slotstream.gossip.network-prefix", () -> "it-health");
  }

  @Autowired TestRestTemplate http;

  @Autowired ProtocolProperties protocol;

  @Test
  void healthIsUp() {
    ResponseEntity<Map> health = http.getForEntity("/actuator/health", Map.class);
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).containsEntry("status", "UP");
    @SuppressWarnings("unchecked")
    Map<String, Object> components = (Map<String, Object>) health.getBody().get("components");
    assertThat(components).containsKeys("redis", "circuitBreakers");
  }

  @Test
  void kubernetesProbesAreUp() {
    ActuatorChecks.assertProbesUp(http);
  }

  @Test
  void infoCarriesBuildInfoAndPrometheusIsExposed() {
    ActuatorChecks.assertBuildInfoAndPrometheus(http, "attestation-service");
  }

  @Test
  void protocolPropertiesBindTheDevnetDefaults() {
    assertThat(protocol.chainId()).isEqualTo(31337);
    assertThat(protocol.genesisTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(protocol.timetable().preset()).isEqualTo(ProtocolProperties.TimetablePreset.DEVNET);
    assertThat(protocol.validatorSet().size()).isEqualTo(4);
  }
}
