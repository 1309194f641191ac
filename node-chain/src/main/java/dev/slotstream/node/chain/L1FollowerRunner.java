package dev.slotstream.node.chain;

import dev.slotstream.core.l1.L1Follower;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs an {@link L1Follower} on one thread: a round every {@code pollInterval}; after a failure
 * (L1 unreachable, a reorg mid-read) the wait doubles up to {@code maxBackoff}, and the round is
 * simply run again, since a round that failed half-way is safe to repeat. {@link #status} says
 * whether the node has caught up with L1 at least once.
 */
public final class L1FollowerRunner implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(L1FollowerRunner.class);

  private final L1Follower follower;
  private final Duration pollInterval;
  private final Duration maxBackoff;
  private final AtomicReference<Optional<String>> lastError =
      new AtomicReference<>(Optional.empty());
  private volatile L1Follower.Status status;
  private ScheduledExecutorService executor;
  private Duration wait;

  public L1FollowerRunner(L1Follower follower, Duration pollInterval, Duration maxBackoff) {
    this.follower = follower;
    this.pollInterval = pollInterval;
    this.maxBackoff = maxBackoff;
    this.status = follower.status();
    this.wait = pollInterval;
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "slotstream-l1-follower");
              t.setDaemon(true);
              return t;
            });
    schedule(Duration.ZERO);
  }

  private void schedule(Duration delay) {
    var unused = executor.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void round() {
    try {
      status = follower.poll();
      lastError.set(Optional.empty());
      wait = pollInterval;
    } catch (RuntimeException e) {
      lastError.set(Optional.of(e.toString()));
      wait = wait.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : wait.multipliedBy(2);
      LOG.warn("L1 follower round failed; next in {} ms: {}", wait.toMillis(), e.toString());
    }
    synchronized (this) {
      if (executor != null && !executor.isShutdown()) {
        schedule(wait);
      }
    }
  }

  /** The follower's progress after its latest successful round. */
  public L1Follower.Status status() {
    return status;
  }

  public Optional<String> lastError() {
    return lastError.get();
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
