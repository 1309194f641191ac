package dev.slotstream.core.validator;

/**
 * What a node hears from its jobs: for logs, metrics and the devnet's per-slot lines. Each event
 * carries what the job knew (receipt, broadcast and execution instants; when the job finished), so
 * a listener never looks it up elsewhere.
 */
public interface AttestationJobListener {
  default void onBlockExecuted(BlockExecuted executed) {}

  default void onEquivocation(EquivocationEvidence evidence) {}

  default void onOutcome(AttestationOutcome outcome) {}

  AttestationJobListener NONE = new AttestationJobListener() {};
}
