package dev.slotstream.core.duty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The production scheduler: a scheduled executor timed against an injected clock. */
public final class ExecutorDutyScheduler implements DutyScheduler, AutoCloseable {
  private final Clock clock;
  private final UncaughtErrors errors;
  private final ScheduledExecutorService executor;

  public ExecutorDutyScheduler(Clock clock, int threads, String name) {
    this(clock, threads, name, UncaughtErrors.logging());
  }

  public ExecutorDutyScheduler(Clock clock, int threads, String name, UncaughtErrors errors) {
    this.clock = clock;
    this.errors = errors;
    this.executor = Executors.newScheduledThreadPool(threads, DaemonThreads.named(name));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // done.whenComplete only cancels the timer
  public CompletableFuture<Void> at(Instant at, Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    long delayMicros = Math.max(0, Duration.between(clock.instant(), at).toNanos() / 1000);
    ScheduledFuture<?> scheduled =
        executor.schedule(
            () -> {
              if (done.isDone()) {
                return;
              }
              try {
                task.run();
                done.complete(null);
              } catch (Throwable t) {
                errors.report(UncaughtErrors.Source.SCHEDULED_DUTY, t);
                done.completeExceptionally(t);
              }
            },
            delayMicros,
            TimeUnit.MICROSECONDS);
    done.whenComplete((v, e) -> scheduled.cancel(false));
    return done;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
