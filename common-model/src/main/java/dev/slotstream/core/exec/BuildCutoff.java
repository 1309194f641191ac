package dev.slotstream.core.exec;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * When a proposer's block stops taking txs: from {@code at} on (by {@code clock}), the txs not yet
 * looked at are deferred and the block is sealed with what it holds. A block sized to its time can
 * still overrun it (a collector pause, a core taken by another process); the cutoff bounds how far.
 */
public record BuildCutoff(Clock clock, Instant at) {
  private static final BuildCutoff NONE = new BuildCutoff(Clock.systemUTC(), Instant.MAX);

  public BuildCutoff {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(at, "at");
  }

  /** A cutoff never reached: the block takes what its limits allow, however long that takes. */
  public static BuildCutoff none() {
    return NONE;
  }

  public boolean reached() {
    return !at.equals(Instant.MAX) && !clock.instant().isBefore(at);
  }
}
