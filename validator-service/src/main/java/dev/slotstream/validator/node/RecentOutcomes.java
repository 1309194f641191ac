package dev.slotstream.validator.node;

import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The outcomes of the last {@code capacity} slots this node finished, for the REST API. */
public final class RecentOutcomes {
  private final int capacity;
  private final Map<SlotNumber, AttestationOutcome> bySlot;

  public RecentOutcomes(int capacity) {
    this.capacity = capacity;
    this.bySlot =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<SlotNumber, AttestationOutcome> eldest) {
            return size() > RecentOutcomes.this.capacity;
          }
        };
  }

  public synchronized void record(AttestationOutcome outcome) {
    bySlot.put(outcome.slot(), outcome);
  }

  public synchronized Optional<AttestationOutcome> get(SlotNumber slot) {
    return Optional.ofNullable(bySlot.get(slot));
  }

  public synchronized int size() {
    return bySlot.size();
  }
}
