package dev.slotstream.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import dev.slotstream.node.NodeAutoConfiguration;
import dev.slotstream.node.l1.L1NetworkAutoConfiguration;
import dev.slotstream.node.l1.RollupConfigurationException;
import dev.slotstream.node.l1.RollupValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An executing node that follows L1 takes its validator set (in the contract's order), target
 * committee size and chain id from a real Anvil's Rollup, and refuses to start, naming the property
 * and both values, when its configured base seed, timetable or validator list disagrees.
 */
class L1NetworkAutoConfigurationTest {
  private static final String GENESIS = "2026-01-01T00:00:00Z";
  private static final String SEED = "0x" + "ab".repeat(32);
  // Deliberately not sorted: the order is the contract's and matters for the committee draw.
  private static final List<String> SEEDS =
      List.of("validator-2", "validator-0", "validator-3", "validator-1");
  private static LocalAnvil anvil;
  private static L1Client client;
  private static Rollup rollup;

  @TempDir Path dir;

  @BeforeAll
  static void deploy() throws Exception {
    anvil = LocalAnvil.start();
    client = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    rollup =
        client.deployRollup(
            new RollupConfig(
                validators(),
                3,
                Bytes32.fromHex(SEED),
                Instant.parse(GENESIS).getEpochSecond(),
                6,
                32,
                Fr.of(1)));
  }

  private static List<EthAddress> validators() {
    return SEEDS.stream().map(s -> SigningKey.fromSeed(s).address()).toList();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  /** Only what a node that follows L1 must still configure: no validators, chain id, committee. */
  private ApplicationContextRunner node() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                NodeAutoConfiguration.class,
                ChainAutoConfiguration.class,
                L1NetworkAutoConfiguration.class,
                L1FollowAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues(
            "slotstream.protocol.rollup-address=" + rollup.getContractAddress(),
            "slotstream.protocol.genesis-time=" + GENESIS,
            "slotstream.protocol.timetable.epoch-length=32",
            "slotstream.protocol.base-seed=" + SEED,
            "slotstream.chain.signing-record-dir=" + dir.resolve("record"),
            "slotstream.l1.follow.enabled=true",
            "slotstream.l1.follow.rpc-url=" + anvil.rpcUrl(),
            "slotstream.l1.follow.poll-interval=100ms",
            "slotstream.l1.config-check.attempts=1");
  }

  @Test
  void takesTheValidatorSetCommitteeSizeAndChainIdFromL1() {
    node()
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              RollupContext context = ctx.getBean(RollupContext.class);
              assertThat(context.chainId()).isEqualTo(anvil.chainId());
              assertThat(context.rollupAddress())
                  .isEqualTo(EthAddress.fromHex(rollup.getContractAddress()));
              assertThat(context.epochCache().targetCommitteeSize()).isEqualTo(3);
              EpochNumber epoch =
                  context
                      .timetable()
                      .slotAt(Instant.now())
                      .map(context.timetable()::epochOf)
                      .orElseThrow();
              assertThat(context.epochCache().validatorsAt(epoch).orElseThrow().members())
                  .containsExactlyElementsOf(validators());
              List<EthAddress> onL1 =
                  rollup.getCommittee(BigInteger.valueOf(epoch.value())).send().stream()
                      .map(a -> EthAddress.fromHex(a.toString()))
                      .toList();
              assertThat(context.epochCache().committeeOf(epoch).members())
                  .containsExactlyElementsOf(onL1);
            });
  }

  @Test
  void aWrongBaseSeedRefusesStartUpNamingBothValues() {
    String wrong = "0x" + "cd".repeat(32);
    assertRefused(
        node().withPropertyValues("slotstream.protocol.base-seed=" + wrong),
        RollupValue.BASE_SEED,
        "slotstream.protocol.base-seed is "
            + wrong
            + " but the Rollup contract at "
            + rollup.getContractAddress()
            + " says "
            + SEED);
  }

  @Test
  void aWrongEpochLengthRefusesStartUpNamingBothValues() {
    assertRefused(
        node().withPropertyValues("slotstream.protocol.timetable.epoch-length=16"),
        RollupValue.EPOCH_LENGTH,
        "slotstream.protocol.timetable.epoch-length is 16 but the Rollup contract at "
            + rollup.getContractAddress()
            + " says 32");
  }

  @Test
  void aValidatorListInAnotherOrderRefusesStartUpNamingBothValues() {
    List<String> sorted = SEEDS.stream().sorted().toList();
    List<String> sortedAddresses =
        sorted.stream().map(s -> SigningKey.fromSeed(s).address().toHex()).toList();
    assertRefused(
        node()
            .withPropertyValues("slotstream.protocol.validator-seeds=" + String.join(",", sorted)),
        RollupValue.VALIDATORS,
        "slotstream.protocol.validator-seeds is "
            + sortedAddresses
            + " but the Rollup contract at "
            + rollup.getContractAddress()
            + " says "
            + validators().stream().map(EthAddress::toHex).toList());
  }

  @Test
  void aChainIdOtherThanTheL1NodesRefusesStartUp() {
    assertRefused(
        node().withPropertyValues("slotstream.protocol.chain-id=1"),
        RollupValue.CHAIN_ID,
        "slotstream.protocol.chain-id is 1 but the L1 node at " + anvil.rpcUrl() + " says 31337");
  }

  private static void assertRefused(
      ApplicationContextRunner runner, RollupValue value, String message) {
    runner.run(
        ctx -> {
          assertThat(ctx).hasFailed();
          Throwable cause = ctx.getStartupFailure();
          while (cause != null && !(cause instanceof RollupConfigurationException)) {
            cause = cause.getCause();
          }
          assertThat(cause).isInstanceOf(RollupConfigurationException.class);
          RollupConfigurationException refused = (RollupConfigurationException) cause;
          assertThat(refused.mismatches()).extracting(m -> m.value()).contains(value);
          assertThat(refused.getMessage()).contains(message);
        });
  }
}
