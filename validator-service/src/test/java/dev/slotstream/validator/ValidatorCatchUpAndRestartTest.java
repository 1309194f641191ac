package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.consensus.CheckpointAttestationValidator;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.node.chain.ProposalGossipListener;
import dev.slotstream.validator.testing.GossipProbe;
import dev.slotstream.validator.testing.NodeUnderTest;
import dev.slotstream.validator.testing.SlotProposals;
import dev.slotstream.validator.testing.TestNodeProperties;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import io.micrometer.core.instrument.search.Search;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What needs a node of its own, started at a chosen instant: a validator that starts mid-slot
 * (catching up from the log, or skipping the slot) and a restart with the same signing record. Each node is a full validator
 * service context on the shared in-process broker, with its own network prefix and manual clock.
 */
class ValidatorCatchUpAndRestartTest {

  /** Starts the validator service with its clock at {@code clockStart}, as if the process started then. */
  private static ConfigurableApplicationContext startNode(
      String prefix, String nodeId, Path signingRecord, Instant clockStart) {
    Map<String, Object> properties =
        new HashMap<>(TestNodeProperties.of(prefix, nodeId, signingRecord, clockStart));
    properties.put("server.port", "0");
    // The production default: a new group starts at the end of each topic. What the node reads
    // from before its start, it reads because the proposal listeners seek back (catch-up).
    properties.put("slotstream.gossip.auto-offset-reset", "latest");
    return TestNodeProperties.startValidator(properties);
  }

  private static SlotNumber slotsAhead(int n) {
    return SlotNumber.of(
        ValidatorContextTestBase.TIMETABLE.slotAt(Instant.now()).orElseThrow().value() + n);
  }

  private static void publishAll(NodeUnderTest node, GossipProbe probe, SlotProposals s) {
    for (int i = 0; i < s.blocks().size(); i++) {
      node.advanceTo(s.broadcastTime(i));
      probe.publish(s.block(i), s.broadcastTime(i));
    }
    node.advanceTo(s.checkpointBroadcastTime());
    probe.publish(s.checkpoint(), s.checkpointBroadcastTime());
  }

  @Test
  void shouldCatchUpFromTheLogWhenStartedMidSlotAndAttest(@TempDir Path signingRecord) {
    SlotNumber slot = slotsAhead(3);
    SlotProposals previous = SlotProposals.propose(slot.previous(), 1);
    SlotProposals s = SlotProposals.propose(slot, 2);
    try (GossipProbe probe = new GossipProbe("vs-catchup").createTopics()) {
      // The log before the node exists: a block of the previous slot from before the seek target
      // (never read back), that slot's checkpoint broadcast late, inside the clock tolerance before
      // this slot (read back, but its window is closed: skipped as stale, not dead-lettered), then
      // this slot's blocks 0..2.
      probe.publish(previous.block(0), previous.broadcastTime(0));
      probe.publish(previous.checkpoint(), s.slotStart().minusMillis(200));
      for (int i = 0; i <= 2; i++) {
        probe.publish(s.block(i), s.broadcastTime(i));
      }

      Instant started = s.broadcastTime(2).plusMillis(100); // after block 2, before block 3
      try (ConfigurableApplicationContext ctx =
          startNode("vs-catchup", "validator-catchup", signingRecord, started)) {
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        node.awaitProposals("block", "accepted", 0, 3); // blocks 0..2 replayed from the log
        node.advanceTo(s.broadcastTime(3));
        probe.publish(s.block(3), s.broadcastTime(3));
        node.advanceTo(s.checkpointBroadcastTime());
        probe.publish(s.checkpoint(), s.checkpointBroadcastTime());

        AttestationOutcome outcome = node.awaitOutcome(slot);
        assertThat(outcome.status()).isEqualTo(AttestationStatus.ATTESTED);
        assertThat(outcome.executedIndices()).containsExactly(0, 1, 2, 3, 4);
        List<CheckpointAttestation> published =
            await()
                .atMost(NodeUnderTest.TIMEOUT)
                .until(() -> probe.attestations(slot), a -> a.size() >= 2);
        CheckpointAttestationValidator validator =
            new CheckpointAttestationValidator(s.harness().context);
        assertThat(published)
            .hasSize(2)
            .allSatisfy(
                a ->
                    assertThat(validator.validate(a, s.slotStart().plusSeconds(1)).isValid())
                        .isTrue());

        assertThat(node.proposals("checkpoint", "stale")).isPositive();
        // the previous slot's block lies before the seek target: never read, so never dead-lettered
        assertThat(probe.deadLetters(GossipTopic.BLOCK_PROPOSAL)).isEmpty();
        assertThat(probe.deadLetters(GossipTopic.CHECKPOINT_PROPOSAL)).isEmpty();
        assertThat(node.count(Search.in(node.registry).name(ProposalGossipListener.CATCH_UP_SEEKS)))
            .isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void shouldSkipTheSlotOnlyWhenItsEarlierProposalsAreGoneFromTheLog(@TempDir Path signingRecord) {
    SlotNumber slot = slotsAhead(6);
    SlotProposals s = SlotProposals.propose(slot, 2);
    try (GossipProbe probe = new GossipProbe("vs-retention").createTopics()) {
      for (int i = 0; i <= 2; i++) {
        probe.publish(s.block(i), s.broadcastTime(i));
      }
      probe.deleteRecordsBefore(GossipTopic.BLOCK_PROPOSAL, 3); // retention took blocks 0..2

      Instant started = s.broadcastTime(2).plusMillis(100);
      try (ConfigurableApplicationContext ctx =
          startNode("vs-retention", "validator-retention", signingRecord, started)) {
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        node.advanceTo(s.broadcastTime(3));
        probe.publish(s.block(3), s.broadcastTime(3));
        node.advanceTo(s.checkpointBroadcastTime());
        probe.publish(s.checkpoint(), s.checkpointBroadcastTime());
        node.awaitProposals("checkpoint", "accepted", 0, 1);
        node.advanceTo(s.harness().context.timetable().attestationDeadline(slot));

        AttestationOutcome outcome = node.awaitOutcome(slot);
        assertThat(outcome.status()).isEqualTo(AttestationStatus.MISSING_BLOCKS);
        assertThat(outcome.detail()).contains("missing [0, 1, 2]");
        assertThat(outcome.executedIndices()).isEmpty();

        // Publication is asynchronous: the refusal is checked once a later slot's attestations
        // (one partition, read in order) have been read, so a late publication would be seen.
        SlotProposals next = SlotProposals.propose(slot.next(), 1);
        publishAll(node, probe, next);
        assertThat(node.awaitOutcome(next.slot()).status()).isEqualTo(AttestationStatus.ATTESTED);
        assertThat(probe.attestationsBefore(slot, next.slot(), 2, NodeUnderTest.TIMEOUT)).isEmpty();
      }
    }
  }

  @Test
  void shouldNotSignASecondCheckpointForTheSlotAfterARestartWithTheSameSigningRecord(
      @TempDir Path signingRecord) {
    SlotNumber slot = slotsAhead(4);
    SlotProposals x = SlotProposals.propose(slot, 2);
    // The same proposer equivocates: another valid checkpoint for the slot (other txs, other
    // archive).
    SlotProposals y = SlotProposals.propose(slot, 1);
    assertThat(y.checkpoint().payload().archive()).isNotEqualTo(x.checkpoint().payload().archive());

    try (GossipProbe first = new GossipProbe("vs-restart-a").createTopics()) {
      try (ConfigurableApplicationContext ctx =
          startNode(
              "vs-restart-a", "validator-restart", signingRecord, x.slotStart().minusSeconds(1))) {
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        publishAll(node, first, x);
        assertThat(node.awaitOutcome(slot).status()).isEqualTo(AttestationStatus.ATTESTED);
        await().atMost(NodeUnderTest.TIMEOUT).until(() -> first.attestations(slot).size() == 2);
      }
    }

    // The restarted node has lost its memory, not its signing record. It hears checkpoint Y on
    // its own topics (a network partition the equivocating proposer fed Y), so equivocation
    // detection cannot save it: only the durable record stands between it and a second signature.
    try (GossipProbe second = new GossipProbe("vs-restart-b").createTopics()) {
      for (int i = 0; i < y.blocks().size(); i++) {
        second.publish(y.block(i), y.broadcastTime(i));
      }
      Instant restartedAt = y.broadcastTime(3).plusMillis(100);
      try (ConfigurableApplicationContext ctx =
          startNode("vs-restart-b", "validator-restart", signingRecord, restartedAt)) {
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        node.advanceTo(y.checkpointBroadcastTime());
        second.publish(y.checkpoint(), y.checkpointBroadcastTime());

        AttestationOutcome outcome = node.awaitOutcome(slot);
        assertThat(outcome.status()).isEqualTo(AttestationStatus.SLASHING_PROTECTION);
        assertThat(outcome.executedIndices())
            .containsExactly(0, 1, 2, 3, 4); // Y itself re-executed fine
        assertThat(outcome.attestations()).isEmpty();
        assertThat(second.attestations(slot)).isEmpty();

        // ...and it still attests to the next slot: the refusal is the record's, not a broken node.
        SlotProposals next = SlotProposals.propose(slot.next(), 1);
        publishAll(node, second, next);
        assertThat(node.awaitOutcome(next.slot()).status()).isEqualTo(AttestationStatus.ATTESTED);
        assertThat(second.attestationsBefore(slot, next.slot(), 2, NodeUnderTest.TIMEOUT))
            .isEmpty();
      }
    }
  }
}
