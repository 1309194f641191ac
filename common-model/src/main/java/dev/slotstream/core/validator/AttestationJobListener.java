package dev.slotstream.core.validator;

import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;

/** What a node hears from its jobs: for logs, metrics and the devnet's per-slot lines. */
public interface AttestationJobListener {
  default void onBlockExecuted(SlotNumber slot, int index, Instant receivedAt, Instant executedAt) {}

  default void onEquivocation(EquivocationEvidence evidence) {}

  default void onOutcome(AttestationOutcome outcome) {}

  AttestationJobListener NONE = new AttestationJobListener() {};
}
