package dev.slotstream.attestation.ingest;

import dev.slotstream.core.duty.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Tries the buffered replay every probe interval, besides the next attestation doing it: after an
 * outage the last attestations of a slot may have arrived before Redis was back.
 */
public final class OutageReplayer implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(OutageReplayer.class);

  private final AttestationIngestor ingestor;
  private final OutageTolerantAggregator aggregator;
  private final Duration interval;
  private ScheduledExecutorService executor;
  private ScheduledFuture<?> task;

  public OutageReplayer(
      AttestationIngestor ingestor, OutageTolerantAggregator aggregator, Duration interval) {
    this.ingestor = ingestor;
    this.aggregator = aggregator;
    this.interval = interval;
  }

  private void tick() {
    try {
      if (aggregator.isLocal()) {
        ingestor.replayBuffered();
      }
    } catch (RuntimeException e) {
      LOG.warn("replay of buffered attestations failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("attestation-outage-replay"));
    task =
        executor.scheduleWithFixedDelay(
            this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (task != null) {
      task.cancel(false);
      executor.shutdownNow();
      task = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return task != null;
  }
}
