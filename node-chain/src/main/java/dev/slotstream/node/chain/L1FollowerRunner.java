package dev.slotstream.node.chain;

import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.l1.L1Follower;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs an {@link L1Follower} on one thread: a round every {@code pollInterval}. A failed round (L1
 * unreachable, a reorg mid-read) is retried by a Resilience4j {@link Retry} with exponential
 * back-off from {@code pollInterval}, doubling up to {@code maxBackoff}, for as long as it fails
 * (a round that failed half-way is safe to repeat). {@value #RETRIES} counts the retried rounds and
 * {@value #SYNCED} is 1 while the node's sync gate is open.
 */
public final class L1FollowerRunner implements SmartLifecycle {
  public static final String RETRIES = "slotstream.l1.follow.retries";
  public static final String SYNCED = "slotstream.l1.follow.synced";
  private static final Logger LOG = LoggerFactory.getLogger(L1FollowerRunner.class);

  private final L1Follower follower;
  private final Duration pollInterval;
  private final Retry retry;
  private final AtomicReference<Optional<String>> lastError =
      new AtomicReference<>(Optional.empty());
  private volatile L1Follower.Status status;
  private ScheduledExecutorService executor;

  /** When {@link #start} ran, until the first round completes (then 0): the restart path's log. */
  private volatile long startedNanos;

  public L1FollowerRunner(
      L1Follower follower, Duration pollInterval, Duration maxBackoff, MeterRegistry registry) {
    this.follower = follower;
    this.pollInterval = pollInterval;
    this.status = follower.status();
    this.retry =
        Retry.of(
            "l1-follow",
            RetryConfig.<L1Follower.Status>custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(
                        pollInterval,
                        2.0,
                        maxBackoff.compareTo(pollInterval) < 0 ? pollInterval : maxBackoff))
                .retryExceptions(RuntimeException.class)
                .build());
    Counter retries =
        Counter.builder(RETRIES)
            .description("L1 follower rounds that failed and were retried after a back-off")
            .register(registry);
    Gauge.builder(SYNCED, follower, f -> f.isSynced() ? 1 : 0)
        .description("1 while the node has caught up with L1 and may propose and attest")
        .register(registry);
    retry
        .getEventPublisher()
        .onRetry(
            e -> {
              retries.increment();
              String error = String.valueOf(e.getLastThrowable());
              lastError.set(Optional.of(error));
              LOG.warn(
                  "L1 follower round failed (attempt {}); next in {} ms: {}",
                  e.getNumberOfRetryAttempts(),
                  e.getWaitInterval().toMillis(),
                  error);
            });
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("slotstream-l1-follower"));
    startedNanos = System.nanoTime();
    schedule(Duration.ZERO);
  }

  private synchronized void schedule(Duration delay) {
    if (executor == null || executor.isShutdown()) {
      return;
    }
    ScheduledExecutorService on = executor;
    var unused = on.schedule(() -> round(on), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round, retried with back-off on the follower's thread until it completes. */
  private void round(ScheduledExecutorService on) {
    var unused =
        retry
            .executeCompletionStage(
                on, () -> CompletableFuture.supplyAsync(follower::poll, Runnable::run))
            .whenComplete(
                (s, e) -> {
                  if (e == null) {
                    status = s;
                    lastError.set(Optional.empty());
                    logFirstRound(s);
                    schedule(pollInterval);
                  } else if (!(e instanceof RejectedExecutionException)) {
                    // Only when the retry gives up, which it does not: keep following.
                    lastError.set(Optional.of(e.toString()));
                    schedule(pollInterval);
                  }
                });
  }

  /** How long a (re)started node took to follow L1 once: part of its way back to proposing. */
  private void logFirstRound(L1Follower.Status s) {
    long started = startedNanos;
    if (started != 0) {
      startedNanos = 0;
      LOG.info(
          "L1 follower: first round done in {} ms, scanned to L1 block {}, chain tip checkpoint {},"
              + " synced={}",
          (System.nanoTime() - started) / 1_000_000,
          s.scannedToL1Block(),
          s.chainTip().value(),
          follower.isSynced());
    }
  }

  /** The follower's progress after its latest successful round. */
  public L1Follower.Status status() {
    L1Follower.Status s = status;
    return new L1Follower.Status(
        follower.isSynced(),
        s.scannedToL1Block(),
        s.l1Tip(),
        s.chainTip(),
        s.rolledBack(),
        s.pruned());
  }

  public Optional<String> lastError() {
    return lastError.get();
  }

  public L1Follower follower() {
    return follower;
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
