package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.chain.ChainJournal;
import dev.slotstream.core.chain.ChainSnapshotter;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.ChainTip;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.validator.testing.GossipProbe;
import dev.slotstream.validator.testing.NodeUnderTest;
import dev.slotstream.validator.testing.TestNodeProperties;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A validator service with {@code slotstream.chain.data-dir}: it makes a checkpoint final from the
 * quorum topic, is stopped, and a new context on the same data dir starts at that checkpoint (same
 * tip, same state), so it attests to the next slot, built on it. Without the data dir the
 * restarted node would be at genesis and wait for a parent it never sees.
 */
class ValidatorResumesFromDiskTest {
  private static final String PREFIX = "vs-resume";

  @TempDir Path signingRecord;
  @TempDir Path dataDir;

  private ConfigurableApplicationContext startNode(String prefix, Instant clockStart) {
    Map<String, Object> properties =
        new HashMap<>(TestNodeProperties.of(prefix, "validator-resume", signingRecord, clockStart));
    properties.put("server.port", "0");
    properties.put("slotstream.gossip.auto-offset-reset", "latest");
    properties.put("slotstream.chain.data-dir", dataDir.toString());
    return TestNodeProperties.startValidator(properties);
  }

  @Test
  void aRestartedValidatorResumesAtItsFinalCheckpointAndAttestsToTheNextSlot() {
    resumesAndAttests(PREFIX, false);
  }

  /**
   * The same after a snapshot at the tip and the journal compacted after it (to nothing): the
   * restarted node stands at the snapshot alone (docs/PROTOCOL.md §11.5).
   */
  @Test
  void aValidatorRestartedAfterItsJournalWasCompactedResumesFromItsSnapshot() {
    resumesAndAttests(PREFIX + "-snapshot", true);
  }

  private void resumesAndAttests(String prefix, boolean compacted) {
    SlotNumber slot =
        SlotNumber.of(
            ValidatorContextTestBase.TIMETABLE.slotAt(Instant.now()).orElseThrow().value() + 3);
    MbpsHarness h = new MbpsHarness(slot);
    assertThat(h.proposeSlot(slot, 1, true).status()).isEqualTo(ProposalStatus.PROPOSED);
    CheckpointProposal checkpoint = h.checkpointOf(slot);
    ChainTip before;
    try (GossipProbe probe = new GossipProbe(prefix).createTopics()) {
      try (ConfigurableApplicationContext ctx =
          startNode(prefix, h.context.timetable().slotStart(slot).minusSeconds(1))) {
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        probe.publishSlot(node, h, slot);
        assertThat(node.awaitOutcome(slot).status()).isEqualTo(AttestationStatus.ATTESTED);
        List<CheckpointAttestation> attestations =
            new ArrayList<>(
                await()
                    .atMost(NodeUnderTest.TIMEOUT)
                    .until(() -> probe.attestations(slot), a -> a.size() == 2));
        // A third member of the committee (the harness's own re-execution) completes the quorum.
        MbpsHarness.ValidatorNode third = h.validator(2);
        h.blocksOf(slot).forEach(third.client::onBlockProposal);
        third.client.onCheckpointProposal(checkpoint);
        attestations.addAll(third.published);
        CheckpointQuorum quorum = h.quorum(attestations);
        Instant at = h.context.timetable().checkpointProposalDeadline(slot).plusMillis(500);
        node.advanceTo(at);
        probe.publishRaw(GossipTopic.CHECKPOINT_QUORUM, GossipKeys.slot(slot), quorum.encode(), at);
        ChainStore chain = ctx.getBean(ChainStore.class);
        await()
            .atMost(NodeUnderTest.TIMEOUT)
            .until(() -> chain.tip().archiveRoot().equals(checkpoint.payload().archive()));
        before = chain.tip();
        if (compacted) {
          ChainSnapshotter snapshotter = ctx.getBean(ChainSnapshotter.class);
          ChainSnapshotter.Taken taken =
              snapshotter
                  .take(chain.snapshotAt(before.checkpointNumber()).orElseThrow())
                  .orElseThrow();
          assertThat(taken.journalBytesDropped()).isPositive();
          assertThat(dataDir.resolve(ChainJournal.FILE_NAME)).isEmptyFile();
        }
        // The harness's proposer learns the quorum too, and builds the next slot on it.
        assertThat(h.proposerFinalizer.onQuorum(quorum, h.now()).isCommitted()).isTrue();
      }

      SlotNumber next = slot.next();
      try (ConfigurableApplicationContext ctx =
          startNode(prefix, h.context.timetable().slotStart(next).plusMillis(50))) {
        ChainStore chain = ctx.getBean(ChainStore.class);
        assertThat(chain.tip()).isEqualTo(before);
        assertThat(chain.baseCheckpoint())
            .isEqualTo(compacted ? Optional.of(before.checkpointNumber()) : Optional.empty());
        assertThat(chain.worldState().latest().stateReference())
            .isEqualTo(h.proposerChain.worldState().latest().stateReference());

        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        assertThat(h.proposeSlot(next, 1, true).status()).isEqualTo(ProposalStatus.PROPOSED);
        assertThat(h.checkpointOf(next).payload().header().lastArchiveRoot())
            .isEqualTo(before.archiveRoot());
        probe.publishSlot(node, h, next);
        assertThat(node.awaitOutcome(next).status()).isEqualTo(AttestationStatus.ATTESTED);
      }
    }
  }
}
