package dev.slotstream.core.testing;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A network's gossip for consecutive slots, each certified: the harness's proposer builds the slot,
 * three of the four validators (the harness's own nodes) re-execute and attest, the quorum is made
 * final on the proposer and on them, and the next slot builds on it. What a node that missed these
 * slots finds in the log, with the instants each message was published.
 */
public final class CertifiedSlots {

  /** One slot's gossip: its block proposals, checkpoint proposal and quorum, with their times. */
  public record Slot(
      SlotNumber slot,
      List<BlockProposal> blocks,
      List<Instant> blockTimes,
      CheckpointProposal checkpoint,
      Instant checkpointAt,
      CheckpointQuorum quorum,
      Instant quorumAt) {}

  private CertifiedSlots() {}

  /** {@code n} certified slots from {@code first}, each with {@code txsPerBlock} txs per block. */
  public static List<Slot> build(MbpsHarness h, SlotNumber first, int n, int txsPerBlock) {
    List<MbpsHarness.ValidatorNode> attesters =
        List.of(h.validator(0), h.validator(1), h.validator(2));
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SlotNumber slot = SlotNumber.of(first.value() + i);
      int timesBefore = h.blockBroadcastTimes.size();
      ProposalStatus status = h.proposeSlot(slot, txsPerBlock, true).status();
      if (status != ProposalStatus.PROPOSED) {
        throw new IllegalStateException("slot " + slot + " not proposed: " + status);
      }
      List<BlockProposal> blocks = h.blocksOf(slot);
      List<Instant> times =
          List.copyOf(h.blockBroadcastTimes.subList(timesBefore, h.blockBroadcastTimes.size()));
      CheckpointProposal checkpoint = h.checkpointOf(slot);
      Instant checkpointAt = h.context.timetable().checkpointProposalDeadline(slot);
      List<CheckpointAttestation> attestations = new ArrayList<>();
      for (MbpsHarness.ValidatorNode v : attesters) {
        int before = v.published.size();
        blocks.forEach(v.client::onBlockProposal);
        v.client.onCheckpointProposal(checkpoint);
        attestations.addAll(v.published.subList(before, v.published.size()));
      }
      if (attestations.size() != attesters.size()) {
        throw new IllegalStateException(
            "slot " + slot + ": " + attestations.size() + " attestations");
      }
      CheckpointQuorum quorum = h.quorum(attestations);
      Instant quorumAt = checkpointAt.plusMillis(500);
      if (!h.proposerFinalizer.onQuorum(quorum, quorumAt).isCommitted()) {
        throw new IllegalStateException("slot " + slot + ": the proposer did not commit");
      }
      for (MbpsHarness.ValidatorNode v : attesters) {
        if (!v.finalizer.onQuorum(quorum, quorumAt).isCommitted()) {
          throw new IllegalStateException("slot " + slot + ": a validator did not commit");
        }
      }
      slots.add(new Slot(slot, blocks, times, checkpoint, checkpointAt, quorum, quorumAt));
    }
    return slots;
  }
}
