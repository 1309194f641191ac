package dev.slotstream.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a builder should do next: build into {@code subSlot} from {@code buildFrom} (wait until then
 * if it is later than now) for {@code available}, which is always at least the min block duration.
 */
public record BuildPlan(SubSlot subSlot, Instant buildFrom, Duration available) {
  public BuildPlan {
    Objects.requireNonNull(subSlot, "subSlot");
    Objects.requireNonNull(buildFrom, "buildFrom");
    Objects.requireNonNull(available, "available");
  }

  public boolean isLastBlock() {
    return subSlot.last();
  }
}
