package dev.slotstream.core.chain;

import dev.slotstream.core.consensus.VerifiedQuorum;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's chain: the committed world state plus the checkpoints it built or re-executed and now
 * holds pending. A checkpoint becomes final here only on a {@link VerifiedQuorum} for it; the next
 * slot's proposals then build on it.
 */
public final class ChainStore {
  private static final Logger LOG = LoggerFactory.getLogger(ChainStore.class);

  /** A remembered quorum more than this many slots older than the newest one is dropped. */
  static final int REMEMBERED_QUORUM_SLOTS = 64;

  /** How many committed checkpoints a rollback can undo, at most. */
  public static final int KEPT_CHECKPOINTS = 256;

  /**
   * Beyond the newest {@link #MIN_KEPT_CHECKPOINTS}, the kept checkpoints hold at most this many
   * txs. Each kept checkpoint keeps its blocks and the world state of every block since the oldest
   * one (~2-3 KB per tx on a loaded validator, from its heap), so a count alone does not bound
   * memory: 256 checkpoints of 1,000 txs are over 500 MB.
   */
  public static final int KEPT_TXS = 32_768;

  /** Kept whatever their txs: the rollbacks L1 asks for (a pruned slot, a reorg) are this short. */
  public static final int MIN_KEPT_CHECKPOINTS = 16;

  /** Outcome of a quorum event for this node's chain. */
  public enum CommitOutcome {
    COMMITTED,
    ALREADY_COMMITTED,
    UNKNOWN_CHECKPOINT,
    NOT_ON_TIP
  }

  private record Pending(Checkpoint checkpoint, WorldStateFork fork) {}

  /**
   * Told of every change of the final chain, in order, under the chain's lock: how a node keeps
   * its chain on disk ({@link ChainJournal}). A journal that throws leaves the chain as it is in
   * memory; the node then resumes from the last entry it did write and catches up from there.
   */
  public interface Journal {
    void committed(CommittedCheckpoint checkpoint);

    void rolledBack(CheckpointNumber to);
  }

  private final WorldState worldState;
  private final Map<Fr, Pending> pending = new HashMap<>();
  private final Map<Fr, List<CompletableFuture<BlockNumber>>> waiters = new HashMap<>();
  private final Map<Fr, List<CompletableFuture<BlockNumber>>> tipWaiters = new HashMap<>();

  /** The archive after every checkpoint up to the tip (from genesis, also when the base is a
   * snapshot): cheap, and lets {@link #archiveOf} answer for checkpoints older than the {@link
   * #KEPT_CHECKPOINTS}. */
  private final NavigableMap<Long, Fr> archives = new TreeMap<>();

  private Journal journal;

  /** Verified quorums that arrived before this node finished re-executing their checkpoint. */
  private final Map<Fr, VerifiedQuorum> finalBeforeLocal = new HashMap<>();

  private final List<Consumer<CommittedCheckpoint>> commitListeners = new CopyOnWriteArrayList<>();

  /** The tip this store started from: the oldest point a rollback can return to. */
  private final ChainTip baseTip;

  /** The newest committed checkpoints by number, so a rollback knows where each one began. */
  private final NavigableMap<Long, CommittedCheckpoint> committed = new TreeMap<>();

  private ChainTip tip;

  private final int keptCheckpoints;
  private final int minKeptCheckpoints;
  private final long keptTxsLimit;

  public ChainStore(WorldState worldState) {
    this(worldState, KEPT_CHECKPOINTS, MIN_KEPT_CHECKPOINTS, KEPT_TXS);
  }

  /** With other retention limits than {@link #KEPT_CHECKPOINTS} and the others (tests). */
  ChainStore(WorldState worldState, int keptCheckpoints, int minKeptCheckpoints, long keptTxs) {
    this(
        worldState,
        new ChainTip(
            worldState.tipBlockNumber(),
            worldState.latest().archiveRoot(),
            CheckpointNumber.ZERO,
            Optional.empty()),
        List.of(worldState.latest().archiveRoot()),
        keptCheckpoints,
        minKeptCheckpoints,
        keptTxs);
  }

  private ChainStore(
      WorldState worldState,
      ChainTip base,
      List<Fr> archivesToBase,
      int keptCheckpoints,
      int minKeptCheckpoints,
      long keptTxs) {
    this.keptCheckpoints = keptCheckpoints;
    this.minKeptCheckpoints = minKeptCheckpoints;
    this.keptTxsLimit = keptTxs;
    this.worldState = worldState;
    this.tip = base;
    this.baseTip = base;
    for (int i = 0; i < archivesToBase.size(); i++) {
      archives.put((long) i, archivesToBase.get(i));
    }
  }

  /**
   * A chain that starts at {@code snapshot}'s checkpoint (read back from disk), with this store's
   * retention limits: its base, the oldest checkpoint a rollback can return to, is the snapshot's.
   */
  public ChainStore startingAt(ChainSnapshot snapshot) {
    return new ChainStore(
        WorldState.startingAt(snapshot.state()),
        snapshot.tip(),
        snapshot.archives(),
        keptCheckpoints,
        minKeptCheckpoints,
        keptTxsLimit);
  }

  /** The checkpoint this store started from, if it is not genesis (a snapshot's). */
  public Optional<CheckpointNumber> baseCheckpoint() {
    return baseTip.checkpointNumber().equals(CheckpointNumber.ZERO)
        ? Optional.empty()
        : Optional.of(baseTip.checkpointNumber());
  }

  /**
   * The chain at the oldest checkpoint a rollback can still return to, once that is no longer this
   * store's base (before, a snapshot would only repeat the base): a journal cut after it can still
   * replay every rollback the chain may write later (docs/PROTOCOL.md §11.5).
   */
  public synchronized Optional<ChainSnapshot> snapshotAtRollbackFloor() {
    return rollbackFloor().flatMap(this::snapshotAt);
  }

  /**
   * The oldest checkpoint a rollback can still return to, once that is no longer this store's
   * base: {@link #snapshotAtRollbackFloor}'s checkpoint.
   */
  public synchronized Optional<CheckpointNumber> rollbackFloor() {
    if (committed.isEmpty() || worldState.find(baseTip.blockNumber()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(CheckpointNumber.of(committed.firstKey()));
  }

  /**
   * The chain at committed checkpoint {@code number}, while its state is kept. A chain restored
   * from it cannot roll back before it.
   */
  public synchronized Optional<ChainSnapshot> snapshotAt(CheckpointNumber number) {
    ChainTip at =
        number.equals(tip.checkpointNumber())
            ? tip
            : Optional.ofNullable(committed.get(number.value()))
                .map(CommittedCheckpoint::tip)
                .orElse(null);
    if (at == null || number.value() < baseTip.checkpointNumber().value()) {
      return Optional.empty();
    }
    Optional<WorldStateSnapshot> state = worldState.find(at.blockNumber());
    if (state.isEmpty()) {
      return Optional.empty();
    }
    List<Fr> upTo = new ArrayList<>(archives.headMap(number.value(), true).values());
    return Optional.of(new ChainSnapshot(at, upTo, state.get()));
  }

  /** From now on every commit and rollback is also written to {@code journal}. */
  public synchronized void attachJournal(Journal journal) {
    this.journal = journal;
  }

  public WorldState worldState() {
    return worldState;
  }

  public synchronized ChainTip tip() {
    return tip;
  }

  /**
   * Told of every new tip, after the commit and outside the chain's lock, whichever path committed
   * it (a quorum event, or a re-execution that finished after its quorum).
   */
  public void onCommit(Consumer<CommittedCheckpoint> listener) {
    commitListeners.add(listener);
  }

  /**
   * Completes with the block whose archive root is {@code archiveRoot} once this node holds it as
   * final: how a job finds the parent of a slot's first block, waiting for sync if need be.
   */
  public synchronized CompletableFuture<BlockNumber> awaitArchive(Fr archiveRoot) {
    Optional<BlockNumber> known = worldState.blockWithArchiveRoot(archiveRoot);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known.get());
    }
    CompletableFuture<BlockNumber> future = new CompletableFuture<>();
    // Jobs cancel a wait they give up on; drop those so an archive that never arrives leaks
    // nothing.
    waiters.values().removeIf(list -> list.removeIf(CompletableFuture::isDone) && list.isEmpty());
    waiters.computeIfAbsent(archiveRoot, k -> new ArrayList<>()).add(future);
    return future;
  }

  /**
   * Completes with the tip's block once {@code archiveRoot} is this node's tip (now, or after a
   * commit or a rollback makes it so): how a validator job waits until a proposal builds on its
   * tip, never on an older archive it also holds. Cancel the future to stop waiting.
   */
  public synchronized CompletableFuture<BlockNumber> awaitTip(Fr archiveRoot) {
    if (tip.archiveRoot().equals(archiveRoot)) {
      return CompletableFuture.completedFuture(tip.blockNumber());
    }
    CompletableFuture<BlockNumber> future = new CompletableFuture<>();
    tipWaiters
        .values()
        .removeIf(list -> list.removeIf(CompletableFuture::isDone) && list.isEmpty());
    tipWaiters.computeIfAbsent(archiveRoot, k -> new ArrayList<>()).add(future);
    return future;
  }

  /** The archives of the checkpoints of {@code slot} this node holds pending. */
  public synchronized List<Fr> pendingArchivesOf(SlotNumber slot) {
    return pending.values().stream()
        .filter(p -> p.checkpoint().header().slotNumber().equals(slot))
        .map(p -> p.checkpoint().archiveRoot())
        .toList();
  }

  /**
   * Hands over a locally built or re-executed checkpoint and its fork, until its quorum. If the
   * quorum was already seen (a slow node), the checkpoint becomes final at once.
   */
  public void offer(Checkpoint checkpoint, WorldStateFork fork) {
    VerifiedQuorum alreadyFinal;
    synchronized (this) {
      Pending previous = pending.put(checkpoint.archiveRoot(), new Pending(checkpoint, fork));
      if (previous != null && previous.fork() != fork) {
        previous.fork().close();
      }
      alreadyFinal = finalBeforeLocal.remove(checkpoint.archiveRoot());
    }
    if (alreadyFinal != null) {
      LOG.info("slot={} re-executed after its quorum; committing now", alreadyFinal.slotNumber());
      onQuorum(alreadyFinal);
    }
  }

  /** Makes the checkpoint final if this node holds it and it builds on the tip. */
  public CommitOutcome onQuorum(VerifiedQuorum quorum) {
    CheckpointPayload payload = quorum.payload();
    List<CompletableFuture<BlockNumber>> toComplete;
    List<CompletableFuture<BlockNumber>> tipReached;
    BlockNumber committedBlock;
    CommittedCheckpoint committed;
    synchronized (this) {
      if (worldState.blockWithArchiveRoot(payload.archive()).isPresent()) {
        return CommitOutcome.ALREADY_COMMITTED;
      }
      Pending p = pending.get(payload.archive());
      if (p == null || !p.checkpoint().header().equals(payload.header())) {
        LOG.info(
            "quorum for a checkpoint not (yet) re-executed here slot={} archive={}",
            payload.slotNumber(),
            payload.archive());
        if (p == null) {
          finalBeforeLocal.put(payload.archive(), quorum);
          finalBeforeLocal
              .values()
              .removeIf(
                  q ->
                      q.slotNumber().value() + REMEMBERED_QUORUM_SLOTS
                          < payload.slotNumber().value());
        }
        return CommitOutcome.UNKNOWN_CHECKPOINT;
      }
      if (!payload.header().lastArchiveRoot().equals(tip.archiveRoot())) {
        LOG.warn(
            "quorum for checkpoint slot={} that does not build on the tip {}",
            payload.slotNumber(),
            tip.archiveRoot());
        return CommitOutcome.NOT_ON_TIP;
      }
      pending.remove(payload.archive());
      worldState.commit(p.fork(), payload.archive());
      committedBlock = worldState.tipBlockNumber();
      tip =
          new ChainTip(
              committedBlock,
              payload.archive(),
              p.checkpoint().number(),
              Optional.of(payload.slotNumber()));
      committed = new CommittedCheckpoint(quorum, p.checkpoint(), tip);
      this.committed.put(tip.checkpointNumber().value(), committed);
      forgetBeyondRollbackReach();
      archives.put(tip.checkpointNumber().value(), tip.archiveRoot());
      toComplete = waiters.remove(payload.archive());
      tipReached = tipWaiters.remove(payload.archive());
      discardPendingBefore(payload.slotNumber());
      writeJournal(j -> j.committed(committed));
    }
    if (toComplete != null) {
      toComplete.forEach(f -> f.complete(committedBlock));
    }
    if (tipReached != null) {
      tipReached.forEach(f -> f.complete(committedBlock));
    }
    commitListeners.forEach(l -> l.accept(committed));
    return CommitOutcome.COMMITTED;
  }

  /** The committed checkpoint {@code number}, while it is among the {@link #KEPT_CHECKPOINTS}. */
  public synchronized Optional<CommittedCheckpoint> committed(CheckpointNumber number) {
    return Optional.ofNullable(committed.get(number.value()));
  }

  /** The archive root after checkpoint {@code number}, if this node holds it as final. */
  public synchronized Optional<Fr> archiveOf(CheckpointNumber number) {
    if (number.value() > tip.checkpointNumber().value()) {
      return Optional.empty();
    }
    if (number.equals(baseTip.checkpointNumber())) {
      return Optional.of(baseTip.archiveRoot());
    }
    return Optional.ofNullable(archives.get(number.value()));
  }

  /**
   * Undoes every checkpoint after {@code number}: the world state returns to the block it ended at
   * and pending checkpoints are dropped. Returns the undone checkpoints, oldest first (their txs
   * may go back to the pool). Used when an L1 reorg removed checkpoints, or when a checkpoint made
   * final by gossip never reached L1 within its slot.
   *
   * @throws IllegalStateException if {@code number} is older than this store can return to
   */
  public List<CommittedCheckpoint> rollbackTo(CheckpointNumber number) {
    List<CommittedCheckpoint> undone;
    List<CompletableFuture<BlockNumber>> tipReached;
    BlockNumber rewound;
    synchronized (this) {
      if (number.value() >= tip.checkpointNumber().value()) {
        return List.of();
      }
      ChainTip target;
      if (number.equals(baseTip.checkpointNumber())) {
        target = baseTip;
      } else {
        CommittedCheckpoint at = committed.get(number.value());
        if (at == null) {
          throw new IllegalStateException(
              "cannot roll back to checkpoint " + number + ": no longer kept");
        }
        target = at.tip();
      }
      if (number.value() < baseTip.checkpointNumber().value()) {
        throw new IllegalStateException(
            "cannot roll back to checkpoint " + number + " before " + baseTip.checkpointNumber());
      }
      if (worldState.find(target.blockNumber()).isEmpty()) {
        throw new IllegalStateException(
            "cannot roll back to checkpoint " + number + ": its state is no longer kept");
      }
      NavigableMap<Long, CommittedCheckpoint> after = committed.tailMap(number.value(), false);
      undone = new ArrayList<>(after.values());
      after.clear();
      archives.tailMap(number.value(), false).clear();
      worldState.rewindTo(target.blockNumber());
      pending.values().forEach(p -> p.fork().close());
      pending.clear();
      finalBeforeLocal.clear();
      tip = target;
      rewound = target.blockNumber();
      tipReached = tipWaiters.remove(target.archiveRoot());
      writeJournal(j -> j.rolledBack(number));
    }
    if (tipReached != null) {
      tipReached.forEach(f -> f.complete(rewound));
    }
    LOG.warn(
        "rolled back {} checkpoint(s) to checkpoint={} archive={}",
        undone.size(),
        number.value(),
        tip().archiveRoot());
    return undone;
  }

  /**
   * Drops the oldest kept checkpoints past {@link #KEPT_CHECKPOINTS} or {@link #KEPT_TXS}, and with
   * them the world state of every block before the oldest one left: a rollback cannot reach those
   * blocks any more. (A proposal on such an old parent then waits as UNKNOWN_PARENT, not
   * STALE_PARENT: refused either way.)
   */
  private void forgetBeyondRollbackReach() {
    long keptTxs = committed.values().stream().mapToLong(ChainStore::txCount).sum();
    boolean dropped = false;
    while (committed.size() > keptCheckpoints
        || (committed.size() > minKeptCheckpoints && keptTxs > keptTxsLimit)) {
      keptTxs -= txCount(committed.pollFirstEntry().getValue());
      dropped = true;
    }
    if (dropped) {
      worldState.prune(committed.firstEntry().getValue().tip().blockNumber());
    }
  }

  /**
   * By its tx effects, one per tx: a checkpoint rebuilt from effects (the journal, L1) carries no
   * txs, and counting those made a restarted node keep more than the live one did.
   */
  private static int txCount(CommittedCheckpoint c) {
    return c.checkpoint().blocks().stream().mapToInt(b -> b.effects().size()).sum();
  }

  private void writeJournal(Consumer<Journal> write) {
    if (journal == null) {
      return;
    }
    try {
      write.accept(journal);
    } catch (RuntimeException e) {
      LOG.error("chain journal write failed; a restart resumes from its last good entry", e);
    }
  }

  /** Drops pending checkpoints of slots up to {@code slot}: they can no longer become final. */
  public synchronized void discardPendingBefore(SlotNumber slot) {
    pending
        .values()
        .removeIf(
            p -> {
              boolean old = !p.checkpoint().header().slotNumber().isAfter(slot);
              if (old) {
                p.fork().close();
              }
              return old;
            });
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** The checkpoint number the next checkpoint on the current tip takes. */
  public synchronized CheckpointNumber nextCheckpointNumber() {
    return tip.checkpointNumber().next();
  }
}
