package dev.slotstream.validator.node;

import dev.slotstream.core.time.RecentSlots;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import java.util.Optional;

/** The outcomes of the newest {@code capacity} slots this node finished, for the REST API. */
public final class RecentOutcomes {
  // Guarded by this.
  private final RecentSlots<AttestationOutcome> bySlot;

  public RecentOutcomes(int capacity) {
    this.bySlot = new RecentSlots<>(capacity);
  }

  public synchronized void record(AttestationOutcome outcome) {
    bySlot.put(outcome.slot(), outcome);
  }

  public synchronized Optional<AttestationOutcome> get(SlotNumber slot) {
    return bySlot.get(slot);
  }

  public synchronized int size() {
    return bySlot.size();
  }
}
