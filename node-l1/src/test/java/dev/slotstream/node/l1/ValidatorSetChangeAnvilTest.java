package dev.slotstream.node.l1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.committee.Committee;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Anvil's Rollup changes its validator set while nodes run: the owner adds a validator, and
 * from the epoch the contract applies it in ({@code validatorsAt(e)}) every node's committee
 * includes it, without a restart; a removed one stops being drawn from its epoch on. An epoch whose
 * set may still change on L1 is not known to the nodes (no committee) until it is final.
 *
 * <p>L1 time is the test's: every block's timestamp is set, so "L1 is in epoch k" is exact. Slots
 * of 6 s, epochs of 2 slots (12 s).
 */
class ValidatorSetChangeAnvilTest {
  private static final String SEED = "0x" + "ab".repeat(32);
  private static final long SLOT = 6;
  private static final long EPOCH_SLOTS = 2;
  private static final long EPOCH = SLOT * EPOCH_SLOTS;
  private static final List<EthAddress> VALIDATORS =
      IntStream.range(0, 4).mapToObj(i -> SigningKey.fromSeed("validator-" + i).address()).toList();
  private static final EthAddress JOINING = SigningKey.fromSeed("validator-4").address();
  private static final EthAddress LEAVING = VALIDATORS.get(1);

  private LocalAnvil anvil;
  private L1Client owner;
  private Rollup rollup;
  private long genesis;

  @BeforeEach
  void deploy() throws Exception {
    anvil = LocalAnvil.start();
    owner = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    genesis = owner.latestBlockTimestamp() + 1;
    owner.setNextBlockTimestamp(genesis + 1);
    rollup =
        owner.deployRollup(
            new RollupConfig(
                VALIDATORS, 48, Bytes32.fromHex(SEED), genesis, SLOT, EPOCH_SLOTS, Fr.of(1)));
  }

  @AfterEach
  void stop() {
    if (owner != null) {
      owner.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  /** A node that follows L1 and configures neither validators, chain id nor committee size. */
  private ApplicationContextRunner node() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(NodeAutoConfiguration.class, L1NetworkAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withBean(
            Clock.class, () -> Clock.fixed(Instant.ofEpochSecond(genesis + 1), ZoneOffset.UTC))
        .withPropertyValues(
            "slotstream.protocol.rollup-address=" + rollup.getContractAddress(),
            "slotstream.protocol.genesis-time=" + genesis,
            "slotstream.protocol.timetable.preset=devnet",
            "slotstream.protocol.timetable.epoch-length=" + EPOCH_SLOTS,
            "slotstream.protocol.base-seed=" + SEED,
            "slotstream.l1.follow.enabled=true",
            "slotstream.l1.follow.rpc-url=" + anvil.rpcUrl(),
            "slotstream.l1.follow.poll-interval=100ms",
            "slotstream.l1.config-check.attempts=1");
  }

  /** Mines an empty L1 block in {@code epoch} ({@code second} seconds into it). */
  private void l1At(long epoch, long second) throws Exception {
    owner.setNextBlockTimestamp(genesis + epoch * EPOCH + second);
    owner.mine();
  }

  private List<EthAddress> contractCommittee(long epoch) throws Exception {
    return rollup.getCommittee(BigInteger.valueOf(epoch)).send().stream()
        .map(a -> EthAddress.fromHex(a.toString()))
        .toList();
  }

  private List<EthAddress> contractValidators(long epoch) throws Exception {
    return rollup.validatorsAt(BigInteger.valueOf(epoch)).send().stream()
        .map(a -> EthAddress.fromHex(a.toString()))
        .toList();
  }

  private static Optional<Committee> committee(ConfigurableApplicationContext node, long epoch) {
    return node.getBean(RollupContext.class).epochCache().findCommittee(EpochNumber.of(epoch));
  }

  private static double reads(ConfigurableApplicationContext node) {
    return node.getBean(MeterRegistry.class)
        .get(L1ValidatorSchedule.READS)
        .tag("outcome", "ok")
        .counter()
        .count();
  }

  /** Waits until every node has completed a round after now (so it has seen L1's latest block). */
  private static void roundsAfterNow(List<ConfigurableApplicationContext> nodes) {
    List<Double> before = nodes.stream().map(ValidatorSetChangeAnvilTest::reads).toList();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                IntStream.range(0, nodes.size())
                    .allMatch(i -> reads(nodes.get(i)) >= before.get(i) + 2));
  }

  @Test
  void everyNodeAdoptsTheContractsSetFromTheEpochItAppliesInWithoutARestart() {
    node()
        .run(
            proposer ->
                node()
                    .run(
                        validator -> {
                          assertThat(proposer).hasNotFailed();
                          assertThat(validator).hasNotFailed();
                          followTheChanges(List.of(proposer, validator));
                        }));
  }

  private void followTheChanges(List<ConfigurableApplicationContext> nodes) throws Exception {
    // L1 in epoch 0: the sets of epochs 0 and 1 are final, epoch 2's may still change.
    for (ConfigurableApplicationContext n : nodes) {
      assertThat(committee(n, 1).orElseThrow().members())
          .containsExactlyElementsOf(contractCommittee(1));
    }

    // The owner adds a validator during epoch 0: the contract applies it from epoch 2.
    owner.setNextBlockTimestamp(genesis + 3);
    assertThat(rollup.addValidator(JOINING.toHex()).send().isStatusOK()).isTrue();
    assertThat(contractValidators(1)).doesNotContain(JOINING);
    assertThat(contractValidators(2)).endsWith(JOINING);
    roundsAfterNow(nodes);
    for (ConfigurableApplicationContext n : nodes) {
      assertThat(committee(n, 2)).as("epoch 2 is not final while L1 is in epoch 0").isEmpty();
    }

    // L1 enters epoch 1: epoch 2's set is final and every node draws its committee from it.
    l1At(1, 1);
    for (ConfigurableApplicationContext n : nodes) {
      await().atMost(Duration.ofSeconds(10)).until(() -> committee(n, 2).isPresent());
      assertThat(committee(n, 2).orElseThrow().members())
          .contains(JOINING)
          .containsExactlyElementsOf(contractCommittee(2));
      assertThat(committee(n, 1).orElseThrow().members()).doesNotContain(JOINING);
    }

    // During epoch 1 the owner removes a validator: gone from epoch 3 on, still drawn in 2.
    owner.setNextBlockTimestamp(genesis + EPOCH + 3);
    assertThat(rollup.removeValidator(LEAVING.toHex()).send().isStatusOK()).isTrue();
    l1At(2, 1);
    for (ConfigurableApplicationContext n : nodes) {
      await().atMost(Duration.ofSeconds(10)).until(() -> committee(n, 3).isPresent());
      assertThat(committee(n, 3).orElseThrow().members())
          .doesNotContain(LEAVING)
          .contains(JOINING)
          .containsExactlyElementsOf(contractCommittee(3));
      assertThat(committee(n, 2).orElseThrow().members()).contains(LEAVING);
      assertThat(n.getBean(MeterRegistry.class).get(L1ValidatorSchedule.CHANGES).counter().count())
          .isEqualTo(2);
    }
  }
}
