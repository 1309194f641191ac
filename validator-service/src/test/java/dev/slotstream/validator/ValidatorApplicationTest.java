package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.node.ProtocolProperties;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Shares the validator integration tests' Spring context (same base class), so it costs no start-up. */
class ValidatorApplicationTest extends ValidatorContextTestBase {

  @Autowired TestRestTemplate http;

  @Autowired ProtocolProperties protocol;

  @Test
  void healthIsUp() {
    ResponseEntity<Map> health = http.getForEntity("/actuator/health", Map.class);
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).containsEntry("status", "UP");
  }

  @Test
  void kubernetesProbesAreUp() {
    for (String probe : new String[] {"liveness", "readiness"}) {
      ResponseEntity<Map> r = http.getForEntity("/actuator/health/" + probe, Map.class);
      assertThat(r.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
      assertThat(r.getBody()).as(probe).containsEntry("status", "UP");
    }
  }

  @Test
  void infoCarriesBuildInfoAndPrometheusIsExposed() {
    ResponseEntity<Map> info = http.getForEntity("/actuator/info", Map.class);
    assertThat(info.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(info.getBody()).containsKey("build");
    @SuppressWarnings("unchecked")
    Map<String, Object> build = (Map<String, Object>) info.getBody().get("build");
    assertThat(build).containsEntry("artifact", "validator-service");

    ResponseEntity<String> prom = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(prom.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(prom.getBody())
        .contains("jvm_memory_used_bytes")
        .contains("service=\"validator-service\"");
  }

  @Test
  void protocolPropertiesBind() {
    assertThat(protocol.chainId()).isEqualTo(31337);
    assertThat(protocol.version()).isEqualTo(1);
    assertThat(protocol.timetable().preset()).isEqualTo(ProtocolProperties.TimetablePreset.DEVNET);
    assertThat(protocol.validatorSet().size()).isEqualTo(4);
  }
}
