package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.gossip.testing.ActuatorChecks;
import dev.slotstream.node.ProtocolProperties;
import dev.slotstream.validator.node.YoungCollectionPacing;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Shares the validator integration tests' Spring context (same base class), so it costs no start-up. */
class ValidatorApplicationTest extends ValidatorContextTestBase {

  @Autowired TestRestTemplate http;

  @Autowired ProtocolProperties protocol;

  @Autowired ApplicationContext context;

  @Test
  void healthIsUp() {
    ResponseEntity<Map> health = http.getForEntity("/actuator/health", Map.class);
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).containsEntry("status", "UP");
  }

  @Test
  void kubernetesProbesAreUp() {
    ActuatorChecks.assertProbesUp(http);
  }

  @Test
  void infoCarriesBuildInfoAndPrometheusIsExposed() {
    ActuatorChecks.assertBuildInfoAndPrometheus(http, "validator-service");
  }

  @Test
  void protocolPropertiesBind() {
    assertThat(protocol.chainId()).isEqualTo(31337);
    assertThat(protocol.version()).isEqualTo(1);
    assertThat(protocol.timetable().preset()).isEqualTo(ProtocolProperties.TimetablePreset.DEVNET);
    assertThat(protocol.validatorSet().size()).isEqualTo(4);
  }

  @Test
  void youngCollectionsArePacedUnderACollectorWithAnEden() {
    // This JVM runs Serial or G1: both have an eden, so the pacing is the real one, not NONE.
    assertThat(context.getBean("youngCollectionPacing")).isInstanceOf(YoungCollectionPacing.class);
    assertThat(http.getForObject("/actuator/prometheus", String.class))
        .contains("slotstream_validator_gc_young_paced_seconds_count");
  }
}
