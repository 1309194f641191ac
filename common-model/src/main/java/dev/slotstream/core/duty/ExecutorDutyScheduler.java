package dev.slotstream.core.duty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production scheduler: a scheduled executor timed against an injected clock. */
public final class ExecutorDutyScheduler implements DutyScheduler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorDutyScheduler.class);

  private final Clock clock;
  private final ScheduledExecutorService executor;

  public ExecutorDutyScheduler(Clock clock, int threads, String name) {
    this.clock = clock;
    this.executor =
        Executors.newScheduledThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
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
                LOG.error("scheduled duty failed", t);
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
