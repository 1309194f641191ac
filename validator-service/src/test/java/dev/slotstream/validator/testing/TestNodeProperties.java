package dev.slotstream.validator.testing;

import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.gossip.testing.ManualClockConfiguration;
import dev.slotstream.validator.ValidatorApplication;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The properties of a validator node on the network of common-model's {@link TestNetwork} and
 * {@link MbpsHarness} (same chain, rollup, timetable, validator set, seed and genesis accounts), so
 * proposals the harness's real proposer builds are valid for the node under test.
 */
public final class TestNodeProperties {
  /** The node under test hosts two of the four validator keys. */
  public static final String KEY_SEEDS = "validator-0,validator-1";

  private TestNodeProperties() {}

  public static Map<String, String> of(
      String networkPrefix, String nodeId, Path signingRecordDir, Instant clockStart) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spring.kafka.bootstrap-servers", GossipTestInfrastructure.kafkaBootstrapServers());
    p.put("slotstream.gossip.network-prefix", networkPrefix);
    p.put("slotstream.gossip.node-id", nodeId);
    // Fresh topics per prefix: the tx and quorum listeners must not miss what a test publishes
    // while their group is still forming (the proposal listeners seek on their own).
    p.put("slotstream.gossip.auto-offset-reset", "earliest");
    p.putAll(TestNetwork.protocolProperties());
    p.put("slotstream.node.key-seeds", KEY_SEEDS);
    p.putAll(MbpsHarness.genesisProperties());
    p.put("slotstream.chain.signing-record-dir", signingRecordDir.toString());
    p.put(ManualClockConfiguration.START_PROPERTY, clockStart.toString());
    p.put("management.metrics.tags.node", nodeId);
    return p;
  }

  /** A validator-service node on the manual clock, with {@code properties} before all others. */
  public static ConfigurableApplicationContext startValidator(Map<String, Object> properties) {
    return new SpringApplicationBuilder(ValidatorApplication.class, ManualClockConfiguration.class)
        .initializers(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("validator-under-test", properties)))
        .run();
  }
}
