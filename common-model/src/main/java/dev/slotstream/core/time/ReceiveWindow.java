package dev.slotstream.core.time;

import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.Objects;

/** When a proposal for {@code slot} may arrive; both ends inclusive. */
public record ReceiveWindow(SlotNumber slot, Instant opensAt, Instant closesAt) {
  public ReceiveWindow {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(opensAt, "opensAt");
    Objects.requireNonNull(closesAt, "closesAt");
    if (closesAt.isBefore(opensAt)) {
      throw new IllegalArgumentException(
          "receive window closes " + closesAt + " before " + opensAt);
    }
  }

  public boolean contains(Instant arrival) {
    return !arrival.isBefore(opensAt) && !arrival.isAfter(closesAt);
  }

  public boolean isEarly(Instant arrival) {
    return arrival.isBefore(opensAt);
  }

  public boolean isLate(Instant arrival) {
    return arrival.isAfter(closesAt);
  }

  /** Why {@code arrival} of {@code what} (e.g. "quorum") is refused, for rejection details. */
  public String describeMiss(String what, Instant arrival) {
    return what
        + " for slot "
        + slot
        + " arrived at "
        + arrival
        + ", outside "
        + opensAt
        + " .. "
        + closesAt;
  }
}
