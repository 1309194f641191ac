package dev.slotstream.core.duty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A scheduler for tests: time moves only when the test advances it, and due tasks then run on the
 * test's thread in deadline order.
 */
public final class ManualDutyScheduler implements DutyScheduler {
  private record Pending(long seq, Instant at, Runnable task, CompletableFuture<Void> done) {}

  private final List<Pending> pending = new ArrayList<>();
  private Instant now;
  private long seq;

  public ManualDutyScheduler(Instant start) {
    this.now = start;
  }

  private final Clock clock = new SteppingClock(this::now, Duration.ZERO);

  private synchronized Instant now() {
    return now;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized CompletableFuture<Void> at(Instant at, Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    pending.add(new Pending(seq++, at, task, done));
    return done;
  }

  public void advance(Duration by) {
    advanceTo(instant().plus(by));
  }

  public Instant instant() {
    return clock.instant();
  }

  /** Moves time forward to {@code target}, running every task due on the way, in order. */
  public void advanceTo(Instant target) {
    while (true) {
      Pending next;
      synchronized (this) {
        next =
            pending.stream()
                .filter(p -> !p.at().isAfter(target))
                .min(Comparator.comparing(Pending::at).thenComparingLong(Pending::seq))
                .orElse(null);
        if (next == null) {
          if (target.isAfter(now)) {
            now = target;
          }
          return;
        }
        pending.remove(next);
        if (next.at().isAfter(now)) {
          now = next.at();
        }
      }
      if (next.done().isDone()) {
        continue;
      }
      try {
        next.task().run();
        next.done().complete(null);
      } catch (Throwable t) {
        next.done().completeExceptionally(t);
      }
    }
  }

  /** Runs what is due now (tasks scheduled for the current instant). */
  public void runDue() {
    advanceTo(instant());
  }
}
