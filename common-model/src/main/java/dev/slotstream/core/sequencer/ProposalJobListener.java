package dev.slotstream.core.sequencer;

import dev.slotstream.core.exec.FailedTx;
import java.util.List;

/**
 * What a proposer node hears from its jobs: for logs, metrics and the devnet's lines. Each event
 * carries what the job knew when it happened (the sub-slot, the instant), so a listener never
 * recomputes it.
 */
public interface ProposalJobListener {
  default void onBlockBroadcast(BlockBroadcast broadcast) {}

  default void onCheckpointBroadcast(CheckpointBroadcast broadcast) {}

  default void onOutcome(ProposalOutcome outcome) {}

  /** Txs that failed while a block was built and were taken out of the pool. */
  default void onTxsDropped(List<FailedTx> failed) {}

  ProposalJobListener NONE = new ProposalJobListener() {};
}
