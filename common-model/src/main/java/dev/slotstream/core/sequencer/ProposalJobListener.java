package dev.slotstream.core.sequencer;

/**
 * What a proposer node hears from its jobs: for logs, metrics and the devnet's lines. Each event
 * carries what the job knew when it happened (the sub-slot, the instant), so a listener never
 * recomputes it.
 */
public interface ProposalJobListener {
  default void onBlockBroadcast(BlockBroadcast broadcast) {}

  default void onCheckpointBroadcast(CheckpointBroadcast broadcast) {}

  default void onOutcome(ProposalOutcome outcome) {}

  ProposalJobListener NONE = new ProposalJobListener() {};
}
