package dev.slotstream.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.consensus.EpochCache;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.ExecutorDutyScheduler;
import dev.slotstream.core.time.InvalidTimetableException;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class NodeAutoConfigurationTest {
  static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");
  static final String ROLLUP = "0x5105000000000000000000000000000000000001";
  static final String BASE_SEED = "0x" + "ab".repeat(32);

  static final String[] DEVNET = {
    "slotstream.protocol.chain-id=31337",
    "slotstream.protocol.rollup-address=" + ROLLUP,
    "slotstream.protocol.genesis-time=2026-01-01T00:00:00Z",
    "slotstream.protocol.base-seed=" + BASE_SEED,
    "slotstream.protocol.validator-seeds=validator-0,validator-1,validator-2,validator-3"
  };

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(NodeAutoConfiguration.class))
          .withPropertyValues(DEVNET);

  @Test
  void shouldBuildTheProtocolCoreFromDevnetProperties() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context)
              .hasSingleBean(Clock.class)
              .hasSingleBean(Timetable.class)
              .hasSingleBean(SlotClock.class)
              .hasSingleBean(EpochCache.class)
              .hasSingleBean(ProtocolSigner.class)
              .hasSingleBean(RollupContext.class)
              .hasSingleBean(DutyScheduler.class)
              .hasSingleBean(NodeKeys.class);
          Timetable timetable = context.getBean(Timetable.class);
          assertThat(timetable.config()).isEqualTo(TimetableConfig.devnet(GENESIS));

          RollupContext rollup = context.getBean(RollupContext.class);
          assertThat(rollup.chainId()).isEqualTo(31337);
          assertThat(rollup.version()).isEqualTo(1);
          assertThat(rollup.rollupAddress()).isEqualTo(EthAddress.fromHex(ROLLUP));
          assertThat(rollup.maxTxsPerBlock()).isEqualTo(1024);
          assertThat(rollup.signer().domain().chainId()).isEqualTo(31337);

          List<EthAddress> seeded =
              IntStream.range(0, 4)
                  .mapToObj(i -> SigningKey.fromSeed("validator-" + i).address())
                  .toList();
          EpochCache epochs = context.getBean(EpochCache.class);
          assertThat(epochs.validatorsAt(EpochNumber.ZERO).orElseThrow().members())
              .isEqualTo(seeded);
          Committee committee = epochs.committeeFor(SlotNumber.of(10));
          assertThat(committee.members()).containsExactlyInAnyOrderElementsOf(seeded);
          assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC);
          assertThat(context.getBean(NodeKeys.class).isEmpty()).isTrue();
        });
  }

  @Test
  void shouldBindGenesisTimeFromUnixSecondsAsTheChartPassesIt() {
    runner
        .withPropertyValues("slotstream.protocol.genesis-time=" + GENESIS.getEpochSecond())
        .run(
            context ->
                assertThat(context.getBean(Timetable.class).genesisTime()).isEqualTo(GENESIS));
  }

  @Test
  void shouldApplyTimetableOverridesOnTopOfThePreset() {
    runner
        .withPropertyValues(
            "slotstream.protocol.timetable.preset=standard",
            "slotstream.protocol.timetable.attestation-deadline-offset=50s",
            "slotstream.protocol.timetable.epoch-length=16",
            "slotstream.protocol.timetable.clock-tolerance=250ms")
        .run(
            context -> {
              TimetableConfig config = context.getBean(Timetable.class).config();
              assertThat(config)
                  .isEqualTo(
                      TimetableConfig.standard(GENESIS)
                          .withAttestationDeadlineOffset(Duration.ofSeconds(50))
                          .withEpochLength(16)
                          .withClockTolerance(Duration.ofMillis(250)));
            });
  }

  @Test
  void shouldTakeAddressesAndCommitteeSizeFromProperties() {
    String a = "0x" + "11".repeat(20);
    String b = "0x" + "22".repeat(20);
    String c = "0x" + "33".repeat(20);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(NodeAutoConfiguration.class))
        .withPropertyValues(
            "slotstream.protocol.chain-id=1",
            "slotstream.protocol.rollup-address=" + ROLLUP,
            "slotstream.protocol.genesis-time=2026-01-01T00:00:00Z",
            "slotstream.protocol.base-seed=" + BASE_SEED,
            "slotstream.protocol.validators=" + a + "," + b + "," + c,
            "slotstream.protocol.committee-size=2",
            "slotstream.protocol.max-txs-per-block=16")
        .run(
            context -> {
              EpochCache epochs = context.getBean(EpochCache.class);
              assertThat(epochs.validatorsAt(EpochNumber.ZERO).orElseThrow().members())
                  .containsExactly(
                      EthAddress.fromHex(a), EthAddress.fromHex(b), EthAddress.fromHex(c));
              assertThat(epochs.committeeFor(SlotNumber.of(1)).size()).isEqualTo(2);
              assertThat(context.getBean(RollupContext.class).maxTxsPerBlock()).isEqualTo(16);
            });
  }

  @Test
  void shouldBackOffForBeansTheApplicationDefines() {
    Clock fixed = Clock.fixed(GENESIS.plusSeconds(61), ZoneOffset.UTC);
    runner
        .withBean(Clock.class, () -> fixed)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Clock.class);
              SlotClock slotClock = context.getBean(SlotClock.class);
              assertThat(slotClock.currentSlot()).contains(SlotNumber.of(10));
              assertThat(context.getBean(DutyScheduler.class).clock()).isSameAs(fixed);
            });
  }

  @Test
  void shouldCloseTheDutySchedulerWithTheContext() {
    ExecutorDutyScheduler[] scheduler = new ExecutorDutyScheduler[1];
    runner.run(context -> scheduler[0] = context.getBean(ExecutorDutyScheduler.class));
    assertThatThrownBy(() -> scheduler[0].now(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void shouldFailStartUpOnAnInvalidTimetableAndExplainWhy() {
    runner
        .withPropertyValues("slotstream.protocol.timetable.l1-publish-offset=7s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              FailureAnalysis analysis = new InvalidTimetableFailureAnalyzer().analyze(failure);
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .contains("slotstream.protocol.timetable")
                  .contains("L1 publish time 7s is not before the slot end 6s");
              assertThat(analysis.getAction()).contains("preset");
              assertThat(analysis.getCause()).isInstanceOf(InvalidTimetableException.class);
            });
  }

  @Test
  void shouldReportAnInvalidTimetableWhenTheApplicationFailsToStart(CapturedOutput output) {
    SpringApplication application = new SpringApplication(NodeOnlyApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    String[] args =
        Stream.concat(
                Stream.of(DEVNET),
                Stream.of("slotstream.protocol.timetable.attestation-deadline-offset=4s"))
            .map(p -> "--" + p)
            .toArray(String[]::new);
    assertThatThrownBy(() -> application.run(args))
        .hasRootCauseInstanceOf(InvalidTimetableException.class);
    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("The slot timetable configured under slotstream.protocol.timetable is not valid")
        .contains("not before the attestation deadline 4s");
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(NodeAutoConfiguration.class)
  static class NodeOnlyApplication {}

  @Test
  void shouldRefuseAConfigWithoutValidators() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(NodeAutoConfiguration.class))
        .withPropertyValues(
            "slotstream.protocol.rollup-address=" + ROLLUP,
            "slotstream.protocol.genesis-time=2026-01-01T00:00:00Z",
            "slotstream.protocol.base-seed=" + BASE_SEED)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootMessages(context.getStartupFailure()))
                  .contains("slotstream.protocol.validator-seeds");
            });
  }

  @Test
  void shouldRefuseMalformedHexProperties() {
    runner
        .withPropertyValues(
            "slotstream.protocol.rollup-address=0x1234", "slotstream.protocol.base-seed=nothex")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootMessages(context.getStartupFailure()))
                  .contains("rollupAddress")
                  .contains("must be a 20-byte hex address")
                  .contains("baseSeed");
            });
  }

  private static String rootMessages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
