package dev.slotstream.core.sequencer;

import static dev.slotstream.core.testing.MbpsHarness.SLOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proposer of slot s+1 holds slot s's checkpoint pending (it proposed it) and its quorum is
 * late: it reaches the proposer after slot s+1 started, still inside slot s's quorum window.
 */
class ProposerWaitsForTheLatestFinalTest {
  private static final SlotNumber NEXT = SLOT.next();

  private MbpsHarness h;
  private Timetable timetable;
  private CheckpointProposal first;
  private CheckpointQuorum quorum;

  @BeforeEach
  void proposeAndAttestTheFirstSlot() {
    h = new MbpsHarness();
    timetable = h.context.timetable();
    assertThat(h.proposeSlot(SLOT, 1, true).status()).isEqualTo(ProposalStatus.PROPOSED);
    first = h.checkpointOf(SLOT);
    List<CheckpointAttestation> attestations =
        List.of(h.validator(0), h.validator(1), h.validator(2)).stream()
            .flatMap(
                v -> {
                  h.blocksOf(SLOT).forEach(v.client::onBlockProposal);
                  v.client.onCheckpointProposal(first);
                  return v.published.stream();
                })
            .toList();
    quorum = h.quorum(attestations);
    // The timetable leaves room for the case: block 0 is built before the quorum window closes.
    assertThat(timetable.blockStart(NEXT, 0))
        .isBefore(timetable.quorumWindow(SLOT).closesAt().minusMillis(100));
  }

  private CheckpointProposalJob startNextSlot() {
    h.scheduler.advanceTo(timetable.slotStart(NEXT));
    h.txs(3).forEach(h.proposerPool::add);
    return h.proposerJob(NEXT, new InMemorySlashingProtector(), 1, true).start();
  }

  @Test
  void aQuorumArrivingAfterTheSlotStartedIsBuiltOnNotSkipped() {
    CheckpointProposalJob job = startNextSlot();
    Duration late = Duration.ofMillis(100);
    h.scheduler.advanceTo(timetable.blockStart(NEXT, 0).plus(late));
    assertThat(h.blocksOf(NEXT)).isEmpty(); // waiting, not building on genesis

    assertThat(h.proposerFinalizer.onQuorum(quorum, h.now()).isCommitted()).isTrue();
    h.scheduler.advanceTo(timetable.checkpointProposalDeadline(NEXT));

    assertThat(job.outcome().join().status()).isEqualTo(ProposalStatus.PROPOSED);
    assertThat(h.checkpointOf(NEXT).payload().header().lastArchiveRoot())
        .isEqualTo(first.payload().archive());
    assertThat(h.blocksOf(NEXT).get(0).payload().blockHeader().lastArchive().root())
        .isEqualTo(first.payload().archive());
  }

  @Test
  void theWaitEndsWithThePreviousSlotsQuorumWindowAndThenBuildsOnTheTip() {
    CheckpointProposalJob job = startNextSlot();
    h.scheduler.advanceTo(timetable.checkpointProposalDeadline(NEXT));

    assertThat(job.outcome().join().status()).isEqualTo(ProposalStatus.PROPOSED);
    // No quorum came: slot s can no longer become final, so the tip (genesis) is the latest final.
    assertThat(h.checkpointOf(NEXT).payload().header().lastArchiveRoot())
        .isEqualTo(h.genesis().latest().archiveRoot());
    // The first block was built when the window closed (slot start + t), not earlier.
    assertThat(h.blockBroadcastTimes.get(h.blockBroadcastTimes.size() - h.blocksOf(NEXT).size()))
        .isEqualTo(timetable.quorumWindow(SLOT).closesAt());
  }
}
