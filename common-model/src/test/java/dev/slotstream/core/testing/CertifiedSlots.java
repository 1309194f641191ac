package dev.slotstream.core.testing;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
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

  /**
   * One slot's gossip: its block proposals, checkpoint proposal and quorum, with their times, and
   * the txs of its blocks (the last one's included) in block order (what the tx topic held, whether or not the proposals
   * carry them).
   */
  public record Slot(
      SlotNumber slot,
      List<BlockProposal> blocks,
      List<Instant> blockTimes,
      CheckpointProposal checkpoint,
      Instant checkpointAt,
      CheckpointQuorum quorum,
      Instant quorumAt,
      List<Tx> txs) {}

  private CertifiedSlots() {}

  /** {@code n} certified slots from {@code first}, each with {@code txsPerBlock} txs per block. */
  public static List<Slot> build(MbpsHarness h, SlotNumber first, int n, int txsPerBlock) {
    return build(h, first, n, txsPerBlock, true);
  }

  /**
   * As {@link #build(MbpsHarness, SlotNumber, int, int)}; with {@code includeTxs} false the
   * proposals carry only tx hashes (a proposer with {@code include-txs=false}) and the attesters
   * take the txs from their pools, given them first as the tx topic would.
   */
  public static List<Slot> build(
      MbpsHarness h, SlotNumber first, int n, int txsPerBlock, boolean includeTxs) {
    List<MbpsHarness.ValidatorNode> attesters =
        List.of(h.validator(0), h.validator(1), h.validator(2));
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SlotNumber slot = SlotNumber.of(first.value() + i);
      int timesBefore = h.blockBroadcastTimes.size();
      ProposalStatus status = h.proposeSlot(slot, txsPerBlock, includeTxs).status();
      if (status != ProposalStatus.PROPOSED) {
        throw new IllegalStateException("slot " + slot + " not proposed: " + status);
      }
      List<BlockProposal> blocks = h.blocksOf(slot);
      List<Instant> times =
          List.copyOf(h.blockBroadcastTimes.subList(timesBefore, h.blockBroadcastTimes.size()));
      CheckpointProposal checkpoint = h.checkpointOf(slot);
      List<BlockProposal> all = new ArrayList<>(blocks);
      all.add(checkpoint.lastBlock());
      List<Tx> txs = txsOf(h, all);
      Instant checkpointAt = h.context.timetable().checkpointProposalDeadline(slot);
      List<CheckpointAttestation> attestations = new ArrayList<>();
      for (MbpsHarness.ValidatorNode v : attesters) {
        int before = v.published.size();
        if (!includeTxs) {
          txs.forEach(v.pool::add);
        }
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
      slots.add(new Slot(slot, blocks, times, checkpoint, checkpointAt, quorum, quorumAt, txs));
    }
    return slots;
  }

  /**
   * The txs of {@code h}'s proposals for {@code slot}, in block order: what a proposer with {@code
   * include-txs=false} leaves to the tx topic. Call before the slot is final (the pool drops them
   * then).
   */
  public static List<Tx> txsOf(MbpsHarness h, SlotNumber slot) {
    List<BlockProposal> all = new ArrayList<>(h.blocksOf(slot));
    all.add(h.checkpointOf(slot).lastBlock());
    return txsOf(h, all);
  }

  /** The txs the blocks name, from the proposer's pool (they stay there until the slot is final). */
  private static List<Tx> txsOf(MbpsHarness h, List<BlockProposal> blocks) {
    List<Tx> txs = new ArrayList<>();
    for (BlockProposal b : blocks) {
      for (TxHash hash : b.payload().txHashes()) {
        txs.add(
            h.proposerPool
                .get(hash)
                .orElseThrow(() -> new IllegalStateException("tx " + hash + " not pooled")));
      }
    }
    return txs;
  }
}
