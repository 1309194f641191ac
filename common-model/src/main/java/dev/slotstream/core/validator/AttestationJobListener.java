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

  /** A listener that passes every event to {@code first}, then to {@code second}. */
  static AttestationJobListener both(AttestationJobListener first, AttestationJobListener second) {
    return new AttestationJobListener() {
      @Override
      public void onBlockExecuted(BlockExecuted executed) {
        first.onBlockExecuted(executed);
        second.onBlockExecuted(executed);
      }

      @Override
      public void onEquivocation(EquivocationEvidence evidence) {
        first.onEquivocation(evidence);
        second.onEquivocation(evidence);
      }

      @Override
      public void onOutcome(AttestationOutcome outcome) {
        first.onOutcome(outcome);
        second.onOutcome(outcome);
      }
    };
  }
}
