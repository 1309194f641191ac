package dev.slotstream.proposer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.proposer.ProposerApplication;
import dev.slotstream.proposer.it.TopicRecorder.Received;
import dev.slotstream.proposer.sequencer.ProposalTracker;
import dev.slotstream.proposer.sequencer.SequencerLifecycle;
import dev.slotstream.proposer.testing.ManualTimeConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A proposer restarted mid-slot with the same signing record, and a changed coinbase (so every block
 * it builds differs from what the first run signed), must not publish a second proposal for a
 * (slot, index) the first run already signed, nor a second checkpoint for the slot.
 *
 * <p>Both runs are on a controlled clock ({@link ManualTimeConfiguration}): the first run is stopped
 * right after it built and broadcast block 0 of slot S (at the start of sub-slot 0), and the second
 * starts at that same instant, so it builds in sub-slot 0 of S however long the restart takes on the
 * machine.
 */
@ExtendWith(GossipTestInfrastructure.class)
class ProposerRestartIntegrationTest {
  private static final String PREFIX = "proposer-restart-it";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String OTHER_COINBASE = "0x00000000000000000000000000000000c0ffee00";

  @TempDir Path signingRecord;

  private ConfigurableApplicationContext start(
      Instant genesis, Instant clockStart, Optional<String> coinbase) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers="
                    + GossipTestInfrastructure.kafkaBootstrapServers(),
                "--slotstream.gossip.network-prefix=" + PREFIX,
                "--slotstream.gossip.node-id=proposer-restart",
                "--slotstream.protocol.genesis-time=" + genesis.getEpochSecond(),
                "--slotstream.protocol.validator-seeds=validator-0,validator-1,validator-2,validator-3",
                "--slotstream.node.key-seeds=validator-0,validator-1,validator-2,validator-3",
                "--slotstream.chain.signing-record-dir=" + signingRecord,
                "--" + ManualTimeConfiguration.START_PROPERTY + "=" + clockStart));
    coinbase.ifPresent(c -> args.add("--slotstream.proposer.coinbase=" + c));
    return new SpringApplicationBuilder(ProposerApplication.class, ManualTimeConfiguration.class)
        .run(args.toArray(String[]::new));
  }

  @Test
  void shouldNotPublishADifferentProposalForAPositionSignedBeforeARestart() {
    Instant genesis = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
    Timetable timetable = new Timetable(TimetableConfig.devnet(genesis));
    SlotNumber slot = SlotNumber.of(timetable.slotAt(Instant.now()).orElseThrow().value() + 2);
    Instant block0Built; // the instant the first run stopped and the second one starts
    try (TopicRecorder topics = new TopicRecorder(PREFIX)) {
      ConfigurableApplicationContext first =
          start(genesis, timetable.slotStart(slot).minusSeconds(1), Optional.empty());
      try {
        assertThat(first.getBean(Timetable.class).slotStart(slot))
            .isEqualTo(timetable.slotStart(slot));
        ManualDutyScheduler clock = first.getBean(ManualDutyScheduler.class);
        // To the start of sub-slot 0: block 0 is built and broadcast (and acked) in this call;
        // block 1 is not due before sub-slot 1.
        clock.advanceTo(timetable.blockStart(slot, 0));
        block0Built = clock.instant();
        await().atMost(TIMEOUT).until(() -> topics.poll().blocksOf(slot).size() == 1);
        assertThat(topics.blocksOf(slot).get(0).value().index()).isZero();
      } finally {
        first.close();
      }

      ConfigurableApplicationContext second =
          start(genesis, block0Built, Optional.of(OTHER_COINBASE));
      try {
        ProposalTracker tracker = second.getBean(ProposalTracker.class);
        second.getBean(ManualDutyScheduler.class).advanceTo(timetable.attestationDeadline(slot));
        ProposalStatus status =
            await()
                .atMost(TIMEOUT)
                .until(() -> tracker.outcome(slot), Optional::isPresent)
                .orElseThrow()
                .status();
        assertThat(status).isEqualTo(ProposalStatus.SLASHING_PROTECTION);
        assertThat(second.getBean(SequencerLifecycle.class).state())
            .isEqualTo(SequencerLifecycle.State.RUNNING);
      } finally {
        second.close();
      }
      // Broadcasts wait for the broker's ack: all either run published is on the topics now.
      await().atMost(TIMEOUT).until(topics::caughtUp);

      Map<String, Set<Bytes32>> idsByPosition =
          topics.allBlockProposals().stream()
              .collect(
                  Collectors.groupingBy(
                      b -> b.slotNumber().value() + "/" + b.index(),
                      Collectors.mapping(BlockProposal::id, Collectors.toSet())));
      assertThat(idsByPosition).containsKey(slot.value() + "/0");
      assertThat(idsByPosition)
          .allSatisfy((position, ids) -> assertThat(ids).as(position).hasSize(1));
      Map<Long, Set<Bytes32>> checkpointsBySlot =
          topics.checkpoints.stream()
              .map(Received::value)
              .collect(
                  Collectors.groupingBy(
                      c -> c.slotNumber().value(),
                      Collectors.mapping(CheckpointProposal::id, Collectors.toSet())));
      assertThat(checkpointsBySlot)
          .allSatisfy((s, ids) -> assertThat(ids).as("slot " + s).hasSize(1));
      assertThat(topics.blocksOf(slot))
          .allSatisfy(
              b ->
                  assertThat(b.value().payload().blockHeader().globalVariables().coinbase().toHex())
                      .isNotEqualToIgnoringCase(OTHER_COINBASE));
    }
  }
}
