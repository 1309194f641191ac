package dev.slotstream.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.l1.L1PositionFile;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import dev.slotstream.node.NodeAutoConfiguration;
import dev.slotstream.node.l1.L1NetworkAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The follower's wiring against a real Anvil with a deployed Rollup (no checkpoint yet). */
class L1FollowAutoConfigurationTest {
  private static final String GENESIS = "2026-01-01T00:00:00Z";
  private static LocalAnvil anvil;
  private static L1Client client;
  private static Rollup rollup;

  @TempDir Path dir;

  @BeforeAll
  static void deploy() throws Exception {
    anvil = LocalAnvil.start();
    client = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    rollup = client.deployRollup(config());
  }

  private static RollupConfig config() {
    return new RollupConfig(
        Stream.of("validator-0", "validator-1", "validator-2", "validator-3")
            .map(s -> SigningKey.fromSeed(s).address())
            .toList(),
        48,
        Bytes32.fromHex("0x" + "ab".repeat(32)),
        Instant.parse(GENESIS).getEpochSecond(),
        6,
        32,
        dev.slotstream.core.types.Fr.of(1));
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

  private ApplicationContextRunner runner(String rpcUrl) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                NodeAutoConfiguration.class,
                ChainAutoConfiguration.class,
                L1NetworkAutoConfiguration.class,
                L1FollowAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues(
            "slotstream.protocol.chain-id=31337",
            "slotstream.protocol.rollup-address=" + rollup.getContractAddress(),
            "slotstream.protocol.genesis-time=" + GENESIS,
            "slotstream.protocol.timetable.epoch-length=32",
            "slotstream.protocol.base-seed=0x" + "ab".repeat(32),
            "slotstream.protocol.validator-seeds=validator-0,validator-1,validator-2,validator-3",
            "slotstream.chain.signing-record-dir=" + dir.resolve("record"),
            "slotstream.l1.follow.rpc-url=" + rpcUrl,
            "slotstream.l1.follow.poll-interval=100ms",
            "slotstream.l1.follow.max-backoff=200ms");
  }

  @Test
  void isOffUnlessEnabled() {
    runner(anvil.rpcUrl())
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(L1FollowerRunner.class);
              assertThat(ctx.getBean(SyncGate.class)).isSameAs(SyncGate.OPEN);
            });
  }

  @Test
  void syncsWithTheRollupOnStartAndKeepsFollowing() {
    runner(anvil.rpcUrl())
        .withPropertyValues("slotstream.l1.follow.enabled=true")
        .run(
            ctx -> {
              L1FollowerRunner runner = ctx.getBean(L1FollowerRunner.class);
              assertThat(runner.isRunning()).isTrue();
              await().atMost(Duration.ofSeconds(10)).until(() -> runner.status().synced());
              assertThat(runner.status().l1Tip()).isEqualTo(CheckpointNumber.ZERO);
              assertThat(
                      ctx.getBean(SyncGate.class).holdBack(SyncGate.Duty.ATTEST, SlotNumber.ZERO))
                  .isEmpty();
              assertThat(
                      ctx.getBean(MeterRegistry.class).get(L1FollowerRunner.SYNCED).gauge().value())
                  .isEqualTo(1.0);
              assertThat(
                      ctx.getBean("l1FollowHealthIndicator", HealthIndicator.class)
                          .health()
                          .getStatus())
                  .isEqualTo(Status.UP);
              assertThat(ctx.getBean(ChainStore.class).tip().checkpointNumber())
                  .isEqualTo(CheckpointNumber.ZERO);
              long scanned = runner.status().scannedToL1Block();
              client.mine();
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> runner.status().scannedToL1Block() > scanned);
            });
  }

  @Test
  void keepsItsL1PositionRecordInTheChainDataDir() {
    Path data = dir.resolve("data");
    runner(anvil.rpcUrl())
        .withPropertyValues(
            "slotstream.l1.follow.enabled=true", "slotstream.chain.data-dir=" + data)
        .run(
            ctx -> {
              L1FollowerRunner runner = ctx.getBean(L1FollowerRunner.class);
              await().atMost(Duration.ofSeconds(10)).until(() -> runner.status().synced());
              assertThat(data.resolve(L1PositionFile.FILE_NAME)).isRegularFile();
            });
  }

  @Test
  void anUnreachableL1AtStartUpRefusesToStart() {
    runner("http://127.0.0.1:1")
        .withPropertyValues(
            "slotstream.l1.follow.enabled=true",
            "slotstream.l1.config-check.attempts=2",
            "slotstream.l1.config-check.backoff=10ms")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(ctx.getStartupFailure()).rootCause().isNotNull();
              assertThat(stackMessages(ctx.getStartupFailure()))
                  .contains(
                      "could not read the Rollup contract from the L1 node at http://127.0.0.1:1"
                          + " after 2 attempt(s)");
            });
  }

  /** L1 goes away after start-up: the follower retries with back-off and the gate closes. */
  @Test
  void anL1ThatStopsAnsweringClosesTheGateAndIsRetried() throws Exception {
    LocalAnvil second = LocalAnvil.start();
    try (L1Client secondClient =
        L1Client.connect(second.rpcUrl(), second.chainId(), LocalAnvil.DEV_PRIVATE_KEY)) {
      Rollup secondRollup = secondClient.deployRollup(config());
      runner(second.rpcUrl())
          .withPropertyValues(
              "slotstream.protocol.rollup-address=" + secondRollup.getContractAddress(),
              "slotstream.l1.follow.enabled=true",
              "slotstream.l1.follow.sync-stale-after=500ms")
          .run(
              ctx -> {
                L1FollowerRunner runner = ctx.getBean(L1FollowerRunner.class);
                SyncGate gate = ctx.getBean(SyncGate.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> runner.status().synced());
                assertThat(gate.holdBack(SyncGate.Duty.ATTEST, SlotNumber.ZERO)).isEmpty();

                second.close();

                MeterRegistry meters = ctx.getBean(MeterRegistry.class);
                await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> meters.get(L1FollowerRunner.RETRIES).counter().count() >= 2);
                await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> gate.holdBack(SyncGate.Duty.ATTEST, SlotNumber.ZERO).isPresent());
                assertThat(gate.holdBack(SyncGate.Duty.PROPOSE, SlotNumber.ZERO))
                    .hasValueSatisfying(why -> assertThat(why).contains("L1 last followed"));
                assertThat(
                        meters
                            .get(CountedSyncGate.METER)
                            .tags("duty", "propose", "reason", "l1-syncing")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
                assertThat(runner.lastError()).isPresent();
                assertThat(runner.status().synced()).isFalse();
                assertThat(
                        ctx.getBean("l1FollowHealthIndicator", HealthIndicator.class)
                            .health()
                            .getStatus())
                    .isEqualTo(Status.DOWN);
                assertThat(meters.get(L1FollowerRunner.SYNCED).gauge().value()).isZero();
              });
    } finally {
      second.close();
    }
  }

  private static String stackMessages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append('\n');
    }
    return b.toString();
  }
}
