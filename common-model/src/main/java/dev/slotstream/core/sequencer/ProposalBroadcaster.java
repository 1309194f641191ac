package dev.slotstream.core.sequencer;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;

/** Publishes a proposer's messages to the block_proposal and checkpoint_proposal topics. */
public interface ProposalBroadcaster {
  void broadcastBlock(BlockProposal proposal);

  void broadcastCheckpoint(CheckpointProposal proposal);
}
