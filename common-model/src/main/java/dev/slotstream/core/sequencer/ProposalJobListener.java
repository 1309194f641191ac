package dev.slotstream.core.sequencer;

import dev.slotstream.core.message.BlockProposal;
import java.time.Instant;

/** What a proposer node hears from its jobs: for logs, metrics and the devnet's lines. */
public interface ProposalJobListener {
  default void onBlockBroadcast(BlockProposal proposal, Instant at) {}

  default void onOutcome(ProposalOutcome outcome) {}

  ProposalJobListener NONE = new ProposalJobListener() {};
}
