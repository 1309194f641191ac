package dev.slotstream.proposer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.proposer.ProposerApplication;
import dev.slotstream.proposer.it.TopicRecorder.Received;
import dev.slotstream.proposer.sequencer.ProposalTracker;
import dev.slotstream.proposer.sequencer.SequencerLifecycle;
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
 * <p>Slots are 12 s here (the devnet preset with 1.6 s sub-slots) so the second context, started
 * right after the first signed a slot's block 0, is up while that slot still has sub-slots left.
 */
@ExtendWith(GossipTestInfrastructure.class)
class ProposerRestartIntegrationTest {
  private static final String PREFIX = "proposer-restart-it";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String OTHER_COINBASE = "0x00000000000000000000000000000000c0ffee00";

  @TempDir Path signingRecord;

  private ConfigurableApplicationContext start(Instant genesis, Optional<String> coinbase) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + GossipTestInfrastructure.kafkaBootstrapServers(),
                "--slotstream.gossip.network-prefix=" + PREFIX,
                "--slotstream.gossip.node-id=proposer-restart",
                "--slotstream.protocol.genesis-time=" + genesis.getEpochSecond(),
                "--slotstream.protocol.validator-seeds=validator-0,validator-1,validator-2,validator-3",
                "--slotstream.protocol.timetable.slot-duration=12s",
                "--slotstream.protocol.timetable.block-duration=1600ms",
                "--slotstream.protocol.timetable.checkpoint-proposal-offset=8400ms",
                "--slotstream.protocol.timetable.attestation-deadline-offset=10800ms",
                "--slotstream.protocol.timetable.l1-publish-offset=11s",
                "--slotstream.node.key-seeds=validator-0,validator-1,validator-2,validator-3",
                "--slotstream.chain.signing-record-dir=" + signingRecord));
    coinbase.ifPresent(c -> args.add("--slotstream.proposer.coinbase=" + c));
    return new SpringApplicationBuilder(ProposerApplication.class).run(args.toArray(String[]::new));
  }

  @Test
  void shouldNotPublishADifferentProposalForAPositionSignedBeforeARestart() {
    Instant genesis = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
    SlotNumber slot;
    try (TopicRecorder topics = new TopicRecorder(PREFIX)) {
      ConfigurableApplicationContext first = start(genesis, Optional.empty());
      Timetable timetable = first.getBean(Timetable.class);
      Duration subSlot = timetable.config().blockDuration();
      // A slot whose block 0 went out in its first sub-slot, so most of the slot is left.
      Received<BlockProposal> early;
      try {
        early =
            await()
                .atMost(TIMEOUT)
                .until(
                    () ->
                        topics.poll().blocks.stream()
                            .filter(b -> b.value().index() == 0)
                            .filter(b -> Instant.ofEpochMilli(b.timestamp())
                                .isBefore(timetable.blockStart(b.value().slotNumber(), 0).plus(subSlot)))
                            .findFirst(),
                    Optional::isPresent)
                .orElseThrow();
      } finally {
        first.close();
      }
      slot = early.value().slotNumber();

      ConfigurableApplicationContext second = start(genesis, Optional.of(OTHER_COINBASE));
      try {
        ProposalTracker tracker = second.getBean(ProposalTracker.class);
        SlotNumber restartedIn = slot;
        assertThat(timetable.slotAt(Instant.now())).as("restarted within the slot").contains(restartedIn);
        ProposalStatus status =
            await().atMost(TIMEOUT).until(() -> tracker.outcome(restartedIn), Optional::isPresent).orElseThrow().status();
        assertThat(status).isEqualTo(ProposalStatus.SLASHING_PROTECTION);
        assertThat(second.getBean(SequencerLifecycle.class).state()).isEqualTo(SequencerLifecycle.State.RUNNING);
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
      assertThat(idsByPosition).allSatisfy((position, ids) -> assertThat(ids).as(position).hasSize(1));
      Map<Long, Set<Bytes32>> checkpointsBySlot =
          topics.checkpoints.stream()
              .map(Received::value)
              .collect(
                  Collectors.groupingBy(
                      c -> c.slotNumber().value(), Collectors.mapping(CheckpointProposal::id, Collectors.toSet())));
      assertThat(checkpointsBySlot).allSatisfy((s, ids) -> assertThat(ids).as("slot " + s).hasSize(1));
      assertThat(topics.blocksOf(slot))
          .allSatisfy(b -> assertThat(b.value().payload().blockHeader().globalVariables().coinbase().toHex())
              .isNotEqualToIgnoringCase(OTHER_COINBASE));
    }
  }
}
