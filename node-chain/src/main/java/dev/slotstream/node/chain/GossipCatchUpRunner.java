package dev.slotstream.node.chain;

import dev.slotstream.core.catchup.GossipCatchUp;
import dev.slotstream.core.catchup.GossipSync;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.message.CheckpointQuorum;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the node's {@link GossipCatchUp} on one thread of its own (docs/PROTOCOL.md §13.6): once at
 * start-up, after the journal replay and before the node's duties start ({@link #start} waits for
 * that run up to {@code startupWait}; the sync gate is closed until it ends), and again
 * whenever a verified quorum shows the node is behind (its slot is after the tip's and it builds on
 * an archive the node does not hold). Requests made while a run is queued are merged. A run that
 * cannot read the log, or that ends {@code RECORDS_MISSING}, is retried with a back-off doubling
 * from {@code retryInterval} up to {@code maxBackoff}. A run that stops short (records gone, or
 * not verifying) logs one line per outcome and tip, and leaves the gate closed until a later run
 * reaches the newest quorum.
 *
 * <p>Metrics: {@value #RUNS}{outcome}, {@value #CHECKPOINTS} (committed by catch-up), {@value
 * #SYNCED} (1 while the gate is open).
 */
public final class GossipCatchUpRunner implements SmartLifecycle, QuorumHandler {
  public static final String RUNS = "slotstream.chain.catchup.runs";
  public static final String CHECKPOINTS = "slotstream.chain.catchup.checkpoints";
  public static final String SYNCED = "slotstream.chain.catchup.synced";
  private static final Logger LOG = LoggerFactory.getLogger(GossipCatchUpRunner.class);

  private final GossipCatchUp catchUp;
  private final AutoCloseable history;
  private final Duration retryInterval;
  private final Duration maxBackoff;
  private final Duration startupWait;
  private final Map<GossipCatchUp.Outcome, Counter> runs =
      new EnumMap<>(GossipCatchUp.Outcome.class);
  private final Counter failedReads;
  private final Counter checkpoints;
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile Optional<GossipCatchUp.Result> last = Optional.empty();
  private volatile ScheduledExecutorService executor;

  // Confined to the catch-up thread.
  private Duration backoff;
  private String lastStop = "";
  private boolean firstRunDone;

  public GossipCatchUpRunner(
      GossipCatchUp catchUp,
      AutoCloseable history,
      Duration retryInterval,
      Duration maxBackoff,
      Duration startupWait,
      MeterRegistry registry) {
    this.catchUp = catchUp;
    this.history = history;
    this.retryInterval = retryInterval;
    this.maxBackoff = maxBackoff.compareTo(retryInterval) < 0 ? retryInterval : maxBackoff;
    this.backoff = retryInterval;
    this.startupWait = startupWait;
    for (GossipCatchUp.Outcome outcome : GossipCatchUp.Outcome.values()) {
      runs.put(outcome, runCounter(registry, outcome.name()));
    }
    failedReads = runCounter(registry, "UNREADABLE");
    checkpoints =
        Counter.builder(CHECKPOINTS)
            .description("Checkpoints this node re-executed from the gossip log and made final")
            .register(registry);
    GossipSync sync = catchUp.sync();
    Gauge.builder(SYNCED, sync, s -> s.inSync() ? 1 : 0)
        .description("1 while the node is at the gossip chain's tip and may propose and attest")
        .register(registry);
  }

  private static Counter runCounter(MeterRegistry registry, String outcome) {
    return Counter.builder(RUNS)
        .description("Gossip catch-up runs by how they ended")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService on =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("slotstream-gossip-catchup"));
    executor = on;
    queued.set(true);
    Future<?> first = on.submit(this::run);
    // Before the duties and listeners start: a restarted node is at the tip, or knows it is not.
    try {
      first.get(startupWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "gossip catch-up: still running after {} ms; starting with duties held back",
          startupWait.toMillis());
    } catch (ExecutionException e) {
      LOG.warn("gossip catch-up: first run failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A verified quorum the chain could not take: if it shows the node is behind, catch up. */
  @Override
  public void onQuorum(CheckpointQuorum quorum, ChainStore.CommitOutcome outcome) {
    if ((outcome == ChainStore.CommitOutcome.NOT_ON_TIP
            || outcome == ChainStore.CommitOutcome.UNKNOWN_CHECKPOINT)
        && catchUp.showsBehind(quorum)) {
      LOG.debug(
          "quorum of slot {} builds on {}, not held here: catching up from the gossip log",
          quorum.slotNumber(),
          quorum.payload().header().lastArchiveRoot());
      request(Duration.ZERO);
    }
  }

  // Not synchronized: the catch-up thread asks for its own retry while start() waits for it.
  private void request(Duration delay) {
    ScheduledExecutorService on = executor;
    if (on == null || on.isShutdown() || !queued.compareAndSet(false, true)) {
      return;
    }
    try {
      var unused = on.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      queued.set(false);
    }
  }

  private void run() {
    queued.set(false);
    long started = System.nanoTime();
    GossipCatchUp.Result result;
    try {
      result = catchUp.run();
    } catch (RuntimeException e) {
      failedReads.increment();
      catchUp.sync().unreadable("the gossip log could not be read: " + e.getMessage());
      LOG.warn(
          "gossip catch-up: the log could not be read (next attempt in {} ms): {}",
          backoff.toMillis(),
          e.toString());
      retryLater();
      return;
    }
    last = Optional.of(result);
    runs.get(result.outcome()).increment();
    checkpoints.increment(result.committed());
    if (!firstRunDone) {
      firstRunDone = true;
      LOG.info(
          "gossip catch-up: first run {} in {} ms, {} checkpoint(s) re-executed, tip checkpoint {}",
          result.outcome(),
          (System.nanoTime() - started) / 1_000_000,
          result.committed(),
          result.tip().checkpointNumber().value());
    }
    if (result.outcome() != GossipCatchUp.Outcome.RECORDS_MISSING || result.committed() > 0) {
      backoff = retryInterval;
    }
    if (result.outcome() == GossipCatchUp.Outcome.SYNCED) {
      lastStop = "";
      if (result.committed() > 0) {
        LOG.info(
            "gossip catch-up: {} checkpoint(s) re-executed in {} ms; duties resume at {}",
            result.committed(),
            (System.nanoTime() - started) / 1_000_000,
            result.detail());
      }
      return;
    }
    String stop = result.outcome() + "@" + result.tip().archiveRoot();
    if (!stop.equals(lastStop)) {
      lastStop = stop;
      LOG.warn(
          "gossip catch-up stopped at checkpoint {} after {} re-executed: {}: {}; this node"
              + " proposes and attests nothing until a later run reaches the newest quorum",
          result.tip().checkpointNumber().value(),
          result.committed(),
          result.outcome(),
          result.detail());
    }
    if (result.outcome() == GossipCatchUp.Outcome.RECORDS_MISSING) {
      // What is missing may still come without a quorum to say so: the txs of proposals that do
      // not carry them reach the pool only once the tx listener runs, after the start-up run.
      retryLater();
    }
  }

  private void retryLater() {
    Duration wait = backoff;
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    request(wait);
  }

  /** The last completed run, if any. */
  public Optional<GossipCatchUp.Result> lastResult() {
    return last;
  }

  public GossipSync sync() {
    return catchUp.sync();
  }

  @Override
  public synchronized void stop() {
    ScheduledExecutorService on = executor;
    if (on == null) {
      return;
    }
    executor = null;
    on.shutdownNow();
    try {
      if (on.awaitTermination(5, TimeUnit.SECONDS)) {
        history.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("gossip catch-up: closing the log reader failed", e);
    }
  }

  /** Before the gossip listener containers (phase {@code Integer.MAX_VALUE - 100}) start. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1000;
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
