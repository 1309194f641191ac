package dev.slotstream.l1publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.gossip.testing.ActuatorChecks;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.l1publisher.check.TestRollup;
import dev.slotstream.node.ProtocolProperties;
import dev.slotstream.node.l1.VerifiedRollup;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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
class L1PublisherApplicationTest {

  /**
   * The in-process broker, and a real Anvil with the Rollup deployed as application.yml's devnet
   * (the start-up check refuses any other contract).
   */
  private static TestRollup l1;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
    GossipTestInfrastructure.registerKafka(registry);
    l1 = TestRollup.start();
    l1.deploy();
    registry.add("slotstream.l1.rpc-url", l1::rpcUrl);
    registry.add("slotstream.gossip.network-prefix", () -> "l1p-app");
    registry.add(
        "slotstream.l1.private-key",
        () -> "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  }

  @AfterAll
  static void stopL1() {
    if (l1 != null) {
      l1.close();
    }
  }

  @Autowired TestRestTemplate http;

  @Autowired ProtocolProperties protocol;

  @Autowired RollupContext context;

  @Autowired VerifiedRollup verified;

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
    ActuatorChecks.assertBuildInfoAndPrometheus(http, "l1-publisher-service");
  }

  @Test
  void protocolIsNodeSupportsAndAgreesWithTheOtherServicesDevnet() {
    assertThat(protocol.chainId()).isEqualTo(31337);
    assertThat(protocol.timetable().preset()).isEqualTo(ProtocolProperties.TimetablePreset.DEVNET);
    assertThat(protocol.validatorSeeds()).hasSize(4);
    assertThat(context.rollupAddress())
        .isEqualTo(EthAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    assertThat(context.timetable().slotDuration()).isEqualTo(Duration.ofSeconds(6));
    // ... and is the deployed contract's: the start-up check passed.
    assertThat(verified.rollupAddress()).isEqualTo(context.rollupAddress());
  }
}
