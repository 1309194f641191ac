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

  /** A block that stopped taking txs at its cutoff (told before it is signed and sent). */
  default void onBlockCutOff(BlockCutOff cutOff) {}

  default void onOutcome(ProposalOutcome outcome) {}

  /** Txs that failed while a block was built and were taken out of the pool. */
  default void onTxsDropped(List<FailedTx> failed) {}

  ProposalJobListener NONE = new ProposalJobListener() {};

  /** A listener that passes every event to {@code first}, then to {@code second}. */
  static ProposalJobListener both(ProposalJobListener first, ProposalJobListener second) {
    return new ProposalJobListener() {
      @Override
      public void onBlockBroadcast(BlockBroadcast broadcast) {
        first.onBlockBroadcast(broadcast);
        second.onBlockBroadcast(broadcast);
      }

      @Override
      public void onCheckpointBroadcast(CheckpointBroadcast broadcast) {
        first.onCheckpointBroadcast(broadcast);
        second.onCheckpointBroadcast(broadcast);
      }

      @Override
      public void onBlockCutOff(BlockCutOff cutOff) {
        first.onBlockCutOff(cutOff);
        second.onBlockCutOff(cutOff);
      }

      @Override
      public void onOutcome(ProposalOutcome outcome) {
        first.onOutcome(outcome);
        second.onOutcome(outcome);
      }

      @Override
      public void onTxsDropped(List<FailedTx> failed) {
        first.onTxsDropped(failed);
        second.onTxsDropped(failed);
      }
    };
  }
}
