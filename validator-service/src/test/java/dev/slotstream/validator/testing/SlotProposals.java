package dev.slotstream.validator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;

/**
 * One slot's signed proposals, built by the real proposer of common-model ({@link MbpsHarness} with
 * its manual scheduler): blocks 0..3 as BlockProposals and block 4 inside the CheckpointProposal,
 * with the instants the proposer broadcast them.
 */
public record SlotProposals(
    SlotNumber slot,
    MbpsHarness harness,
    List<BlockProposal> blocks,
    CheckpointProposal checkpoint,
    List<Instant> blockBroadcastTimes) {

  public static SlotProposals propose(SlotNumber slot, int txsPerBlock) {
    MbpsHarness h = new MbpsHarness(slot);
    assertThat(h.proposeSlot(slot, txsPerBlock, true).status()).isEqualTo(ProposalStatus.PROPOSED);
    List<BlockProposal> blocks = h.blocksOf(slot);
    assertThat(blocks).extracting(BlockProposal::index).containsExactly(0, 1, 2, 3);
    return new SlotProposals(
        slot, h, blocks, h.checkpointOf(slot), List.copyOf(h.blockBroadcastTimes));
  }

  public BlockProposal block(int index) {
    return blocks.get(index);
  }

  public Instant broadcastTime(int index) {
    return blockBroadcastTimes.get(index);
  }

  public Instant checkpointBroadcastTime() {
    return harness.context.timetable().checkpointProposalDeadline(slot);
  }

  public Instant slotStart() {
    return harness.context.timetable().slotStart(slot);
  }
}
