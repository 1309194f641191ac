package dev.slotstream.core.chain;

import dev.slotstream.core.types.CheckpointNumber;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's chain journal bounded (docs/PROTOCOL.md §11.5): once the journal has grown by
 * {@code snapshotAfterBytes} since the last snapshot, the chain at its rollback floor (the oldest
 * checkpoint a rollback can still return to) is written to {@link ChainSnapshotFile} and the
 * journal cut after that checkpoint's COMMIT ({@link ChainJournal#compactAfter}). The state is
 * taken under the chain's lock in O(checkpoints) (an immutable world state and the archive list);
 * encoding and writing it run on {@code executor}, off the commit path. One at a time.
 */
public final class ChainSnapshotter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainSnapshotter.class);

  /** What one snapshot did. */
  public record Taken(
      CheckpointNumber checkpoint,
      long snapshotBytes,
      long journalBytesDropped,
      long journalBytes,
      Duration took) {}

  private final Path dir;
  private final ChainStore chain;
  private final ChainJournal journal;
  private final long snapshotAfterBytes;
  private final Executor executor;
  private final AtomicBoolean running = new AtomicBoolean();

  /** The journal's size after the last snapshot (or the last attempt). */
  private volatile long journalSizeAfterLast;

  private volatile long lastCheckpoint;

  /**
   * @param restoredFrom the checkpoint of the snapshot the chain was restored from, if any
   */
  public ChainSnapshotter(
      Path dir,
      ChainStore chain,
      ChainJournal journal,
      long snapshotAfterBytes,
      Optional<CheckpointNumber> restoredFrom,
      Executor executor) {
    this.dir = dir;
    this.chain = chain;
    this.journal = journal;
    this.snapshotAfterBytes = snapshotAfterBytes;
    this.executor = executor;
    this.lastCheckpoint = restoredFrom.map(CheckpointNumber::value).orElse(0L);
  }

  /**
   * Taking its snapshots on a thread of its own (daemon, lowest priority), which {@link #close}
   * stops after the snapshot in progress, if any: a node's.
   */
  public static ChainSnapshotter onOwnThread(
      Path dir, ChainStore chain, ChainJournal journal, long snapshotAfterBytes) {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "slotstream-chain-snapshot");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
    return new ChainSnapshotter(
        dir, chain, journal, snapshotAfterBytes, chain.baseCheckpoint(), executor);
  }

  /**
   * Lets a snapshot in progress finish (so its compaction is not cut off by the journal closing
   * next), up to 30 s, when the executor is this snapshotter's own.
   */
  @Override
  public void close() {
    if (executor instanceof ExecutorService own) {
      own.shutdown();
      try {
        if (!own.awaitTermination(30, TimeUnit.SECONDS)) {
          own.shutdownNow();
        }
      } catch (InterruptedException e) {
        own.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The checkpoint of the newest snapshot on disk this process knows of (0: none). */
  public long lastSnapshotCheckpoint() {
    return lastCheckpoint;
  }

  /** From now on, each commit may start a snapshot. */
  public ChainSnapshotter start() {
    if (snapshotAfterBytes > 0) {
      chain.onCommit(c -> maybeSnapshot());
    }
    return this;
  }

  /** Starts a snapshot on the executor if the journal grew enough and the floor moved. */
  void maybeSnapshot() {
    if (journal.size() - journalSizeAfterLast < snapshotAfterBytes) {
      return;
    }
    Optional<CheckpointNumber> floor = chain.rollbackFloor();
    if (floor.isEmpty() || floor.get().value() <= lastCheckpoint) {
      return;
    }
    if (!running.compareAndSet(false, true)) {
      return;
    }
    Optional<ChainSnapshot> snapshot = chain.snapshotAtRollbackFloor();
    if (snapshot.isEmpty()) {
      running.set(false);
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              take(snapshot.get());
            } finally {
              running.set(false);
            }
          });
    } catch (RejectedExecutionException e) {
      running.set(false);
    }
  }

  /** Takes a snapshot at the rollback floor now, on this thread (tests, tools). */
  public Optional<Taken> snapshotNow() {
    return chain.snapshotAtRollbackFloor().flatMap(this::take);
  }

  /**
   * Writes {@code snapshot} and then compacts the journal after its checkpoint, in that order: a
   * crash between the two leaves a snapshot and an uncompacted journal, which restore handles.
   * Returns empty if either failed (logged; the journal is left whole, the next trigger retries),
   * or if {@code snapshot} is not newer than the last one: an older snapshot written over a newer
   * one would not match the journal the newer one's compaction left.
   */
  public synchronized Optional<Taken> take(ChainSnapshot snapshot) {
    long started = System.nanoTime();
    CheckpointNumber at = snapshot.tip().checkpointNumber();
    if (at.value() <= lastCheckpoint) {
      return Optional.empty();
    }
    try {
      long bytes = ChainSnapshotFile.write(dir, snapshot);
      lastCheckpoint = at.value();
      long dropped = journal.compactAfter(at);
      long size = journal.size();
      journalSizeAfterLast = size;
      Taken taken =
          new Taken(at, bytes, dropped, size, Duration.ofNanos(System.nanoTime() - started));
      LOG.info(
          "chain snapshot at checkpoint {} (block {}): {} bytes; journal cut by {} to {} bytes,"
              + " in {} ms",
          at.value(),
          snapshot.tip().blockNumber().value(),
          bytes,
          dropped,
          size,
          taken.took().toMillis());
      return Optional.of(taken);
    } catch (RuntimeException e) {
      journalSizeAfterLast = journal.size();
      LOG.error("chain snapshot at checkpoint {} failed; the journal stays whole", at.value(), e);
      return Optional.empty();
    }
  }
}
