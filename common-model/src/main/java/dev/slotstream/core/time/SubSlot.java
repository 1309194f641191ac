package dev.slotstream.core.time;

import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One block-building window of a slot: [start, deadline). The index is the sub-slot's position in
 * the timetable; a block's index within its checkpoint is lower when earlier sub-slots were skipped.
 */
public record SubSlot(SlotNumber slot, int index, Instant start, Instant deadline, boolean last) {
  public SubSlot {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(deadline, "deadline");
    if (index < 0) {
      throw new IllegalArgumentException("sub-slot index must be non-negative, got " + index);
    }
    if (!deadline.isAfter(start)) {
      throw new IllegalArgumentException("sub-slot deadline " + deadline + " not after " + start);
    }
  }

  public Duration duration() {
    return Duration.between(start, deadline);
  }
}
