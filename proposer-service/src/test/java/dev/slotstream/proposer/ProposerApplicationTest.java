package dev.slotstream.proposer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.gossip.testing.ActuatorChecks;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.node.ProtocolProperties;
import dev.slotstream.proposer.config.ProposerProperties;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "slotstream.gossip.network-prefix=proposer-app-test",
      "slotstream.gossip.node-id=proposer-app-test"
    })
@AutoConfigureObservability(
    tracing = false) // tests turn metrics export (/actuator/prometheus) off otherwise
class ProposerApplicationTest {
  @TempDir static Path signingRecord;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    GossipTestInfrastructure.registerKafka(registry);
    registry.add("slotstream.chain.signing-record-dir", () -> signingRecord.toString());
  }

  @Autowired TestRestTemplate http;

  @Autowired ProtocolProperties protocol;

  @Autowired ProposerProperties proposer;

  @Autowired RollupContext context;

  @Test
  void healthIsUp() {
    ResponseEntity<Map> health = http.getForEntity("/actuator/health", Map.class);
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).containsEntry("status", "UP");
  }

  @Test
  void healthReportsTheSequencer() {
    ResponseEntity<Map> health = http.getForEntity("/actuator/health/sequencer", Map.class);
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).containsEntry("status", "UP");
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) health.getBody().get("details");
    assertThat(details)
        .containsEntry("state", "RUNNING")
        .containsEntry("keys", 0)
        .containsKey("currentSlot");
  }

  @Test
  void kubernetesProbesAreUp() {
    ActuatorChecks.assertProbesUp(http);
  }

  @Test
  void infoCarriesBuildInfoAndPrometheusIsExposed() {
    assertThat(ActuatorChecks.assertBuildInfoAndPrometheus(http, "proposer-service"))
        .contains("slotstream_proposer_checkpoints_total")
        .contains("slotstream_proposer_blocks_broadcast_total")
        .contains("slotstream_proposer_broadcast_delay_seconds")
        // the dashboard's "where a tx spends its time" panel
        .contains("slotstream_tx_step_seconds_bucket{")
        .containsPattern("slotstream_errors_total\\{[^}]*component=\"job_task\"");
  }

  @Test
  void protocolAndProposerPropertiesBindDefaults() {
    assertThat(protocol.chainId()).isEqualTo(31337);
    assertThat(protocol.timetable().preset()).isEqualTo(ProtocolProperties.TimetablePreset.DEVNET);
    assertThat(protocol.validatorSeeds()).hasSize(4);
    assertThat(proposer.enabled()).isTrue();
    assertThat(proposer.includeTxs()).isTrue();
    assertThat(proposer.maxTxsPerBlock()).isEqualTo(256);
    assertThat(proposer.coinbase()).isNull();
  }

  @Test
  void slashingProtectionInterchangeIsServedWithItsOwnErrors() {
    ResponseEntity<Map> exported =
        http.getForEntity("/api/v1/slashing-protection/interchange", Map.class);
    assertThat(exported.getStatusCode()).isEqualTo(HttpStatus.OK);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) exported.getBody().get("metadata");
    assertThat(metadata)
        .containsEntry("interchange_format_version", "5")
        .containsEntry("genesis_validators_root", context.signer().domainSeparator().toHex());

    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<Map> malformed =
        http.postForEntity(
            "/api/v1/slashing-protection/interchange",
            new HttpEntity<>("{\"data\":[]}", json),
            Map.class);
    // the interchange's own problem, not the tx API's "unreadable request body"
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(malformed.getBody())
        .containsEntry("problem", "MALFORMED")
        .containsEntry("detail", "metadata is missing");
  }
}
