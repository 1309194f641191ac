package dev.slotstream.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import dev.slotstream.node.l1.Mismatch;
import dev.slotstream.node.l1.RollupConfigurationException;
import dev.slotstream.node.l1.RollupValue;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The attestation service follows L1 like the executing nodes ({@code slotstream.l1.follow.enabled},
 * node-l1's {@code L1NetworkAutoConfiguration}): its context is built from a real Anvil's Rollup, and
 * a configuration that disagrees with the contract refuses start-up naming the property and both
 * values, before it consumes anything.
 */
class AttestationL1NetworkAnvilTest {
  private static LocalAnvil anvil;
  private static L1Client owner;
  private static Rollup rollup;
  // The contract's set: application.yml's validator-0..3 and validator-4, which it does not list.
  private static final List<EthAddress> ON_L1 =
      IntStream.range(0, 5).mapToObj(i -> SigningKey.fromSeed("validator-" + i).address()).toList();

  @BeforeAll
  static void deploy() throws Exception {
    anvil = LocalAnvil.start();
    owner = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    rollup =
        owner.deployRollup(
            new RollupConfig(
                ON_L1,
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                TestNetwork.SEED,
                TestNetwork.GENESIS.getEpochSecond(),
                6,
                8,
                Fr.of(1)));
  }

  @AfterAll
  static void stop() {
    if (owner != null) {
      owner.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void aConfiguredValidatorSetOtherThanTheContractsRefusesStartUpNamingBothValues() {
    Throwable failure =
        catchThrowable(
            () ->
                new SpringApplicationBuilder(AttestationApplication.class)
                    .properties(
                        "server.port=0",
                        "spring.data.redis.port=1",
                        "spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "slotstream.protocol.rollup-address=" + rollup.getContractAddress(),
                        "slotstream.l1.follow.enabled=true",
                        "slotstream.l1.follow.rpc-url=" + anvil.rpcUrl(),
                        "slotstream.l1.config-check.attempts=1")
                    .run()
                    .close());

    RollupConfigurationException refused = refusal(failure);
    assertThat(refused.reason()).isEqualTo(RollupConfigurationException.Reason.MISMATCH);
    Mismatch validators =
        refused.mismatches().stream()
            .filter(m -> m.value() == RollupValue.VALIDATORS)
            .findFirst()
            .orElseThrow();
    assertThat(validators.property()).isEqualTo("slotstream.protocol.validator-seeds");
    assertThat(validators.onL1()).contains("not configured: [" + ON_L1.get(4).toHex() + "]");
    assertThat(refused.getMessage()).contains(rollup.getContractAddress());
  }

  private static RollupConfigurationException refusal(Throwable failure) {
    assertThat(failure).as("start-up must be refused").isNotNull();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RollupConfigurationException e) {
        return e;
      }
    }
    throw new AssertionError("not refused by the configuration check", failure);
  }
}
