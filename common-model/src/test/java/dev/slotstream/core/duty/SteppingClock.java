package dev.slotstream.core.duty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * A base time (fixed, or a test's manual clock) and, once {@link #startStepping started}, one step
 * more at every read: time that passes while the code under test works, read by read.
 */
public final class SteppingClock extends Clock {
  private final Supplier<Instant> base;
  private final Duration step;
  private Duration drift = Duration.ZERO;
  private boolean stepping;

  public SteppingClock(Supplier<Instant> base, Duration step) {
    this.base = base;
    this.step = step;
  }

  public synchronized SteppingClock startStepping() {
    stepping = true;
    return this;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    // The base is read outside this lock: it may take its own (ManualDutyScheduler's).
    Instant at = base.get();
    synchronized (this) {
      Instant read = at.plus(drift);
      if (stepping) {
        drift = drift.plus(step);
      }
      return read;
    }
  }
}
