package dev.slotstream.core.l1;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.ChainTip;
import dev.slotstream.core.chain.CommittedCheckpoint;
import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's chain on L1 (docs/PROTOCOL.md §17): each {@link #poll} checks that the L1 block it
 * last scanned is still canonical (else an L1 reorg happened: it rolls the chain back to the newest
 * checkpoint still on L1), applies the checkpoints proposed since (rebuilt from calldata when the
 * node does not hold them already, replacing what it holds when L1 disagrees), then prunes any
 * checkpoint this node made final from gossip whose slot has ended on L1 without it landing; the
 * txs of pruned checkpoints go back to the pool. {@link L1FollowListener}s hear each checkpoint
 * this node holds landing on L1 and each one undone.
 *
 * <p>Not thread-safe: one poller calls it.
 */
public final class L1Follower {
  private static final Logger LOG = LoggerFactory.getLogger(L1Follower.class);

  /** How many followed L1 checkpoints are remembered for reorg checks. */
  static final int REMEMBERED = 256;

  /** The follower's progress, for readiness and status endpoints. */
  public record Status(
      boolean synced,
      long scannedToL1Block,
      CheckpointNumber l1Tip,
      CheckpointNumber chainTip,
      long rolledBack,
      long pruned) {}

  private final L1CheckpointSource source;
  private final ChainStore chain;
  private final QuorumValidator validator;
  private final Timetable timetable;
  private final Consumer<List<Tx>> txsBackToPool;
  private final CheckpointRebuilder rebuilder = new CheckpointRebuilder();
  private final Deque<FollowedCheckpoint> followed = new ArrayDeque<>();
  private final List<L1FollowListener> listeners = new CopyOnWriteArrayList<>();
  private final CheckpointNumber base;
  private final long fromL1Block;
  private final L1Sync sync;

  private long scannedTo;
  private Optional<L1BlockRef> scannedHead = Optional.empty();
  private Optional<L1PositionStore> position = Optional.empty();
  private boolean resumePending;

  /** Bumped whenever {@link #followed} changes; saved once a round completes with it changed. */
  private long followedVersion;

  private long savedVersion = -1;
  private long rolledBack;
  private long pruned;

  /**
   * @param fromL1Block the first L1 block to scan: the contract's deployment block
   * @param txsBackToPool told the txs of checkpoints undone by pruning
   */
  public L1Follower(
      L1CheckpointSource source,
      ChainStore chain,
      QuorumValidator validator,
      Timetable timetable,
      long fromL1Block,
      Consumer<List<Tx>> txsBackToPool) {
    this(
        source,
        chain,
        validator,
        timetable,
        fromL1Block,
        txsBackToPool,
        new L1Sync(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(30), 4));
  }

  /**
   * @param sync told how far each round got: the node's sync gate (§17.6)
   */
  public L1Follower(
      L1CheckpointSource source,
      ChainStore chain,
      QuorumValidator validator,
      Timetable timetable,
      long fromL1Block,
      Consumer<List<Tx>> txsBackToPool,
      L1Sync sync) {
    this.sync = sync;
    this.source = source;
    this.chain = chain;
    this.validator = validator;
    this.timetable = timetable;
    this.txsBackToPool = txsBackToPool;
    this.fromL1Block = fromL1Block;
    this.scannedTo = fromL1Block - 1;
    this.base = chain.tip().checkpointNumber();
  }

  public void addListener(L1FollowListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Keeps the followed checkpoints in {@code store} after each round that changed them, and makes
   * the first round resume from what it holds when the node's chain and L1 still agree with it
   * (§17.7); call before the first {@link #poll}.
   */
  public L1Follower keepPositionIn(L1PositionStore store) {
    if (scannedHead.isPresent() || !followed.isEmpty()) {
      throw new IllegalStateException("the follower has already polled");
    }
    position = Optional.of(store);
    resumePending = true;
    return this;
  }

  /** One round; throws when L1 cannot be read (the caller retries) or L1 data does not rebuild. */
  public Status poll() {
    L1BlockRef head = source.confirmedHead();
    if (resumePending) {
      resume(head);
      resumePending = false;
    }
    sync.roundStarted(scannedTo, head.number());
    detectReorg();
    if (head.number() > scannedTo) {
      for (L1Checkpoint c : source.checkpoints(scannedTo + 1, head.number())) {
        apply(c);
      }
      scannedTo = head.number();
      scannedHead = Optional.of(head);
    }
    pruneUnlanded(head);
    sync.caughtUp(head.number());
    savePosition();
    return status();
  }

  /**
   * Seeds the follower from the saved record when it is whole, this node's chain holds its newest
   * checkpoint with the same archive (the archive commits to every block before it, so the older
   * ones match too) and L1 still has that checkpoint's block; otherwise leaves it to scan from the
   * deployment block. Throws only when L1 cannot be read (the round is retried).
   */
  private void resume(L1BlockRef head) {
    L1PositionStore store = position.orElseThrow();
    List<FollowedCheckpoint> record;
    try {
      record = store.load().orElse(List.of());
    } catch (RuntimeException e) {
      LOG.warn(
          "L1 position record unusable ({}): scanning L1 from block {}",
          e.getMessage(),
          fromL1Block);
      return;
    }
    if (record.isEmpty()) {
      LOG.info("no L1 position record yet: scanning L1 from block {}", fromL1Block);
      return;
    }
    Optional<String> refused = refuse(record, head);
    if (refused.isPresent()) {
      LOG.warn("{}: scanning L1 from block {}", refused.get(), fromL1Block);
      return;
    }
    FollowedCheckpoint newest = record.get(record.size() - 1);
    followed.addAll(record);
    followedVersion++;
    scannedTo = newest.l1Block().number();
    scannedHead = Optional.of(newest.l1Block());
    savedVersion = followedVersion;
    if (!listeners.isEmpty()) {
      for (FollowedCheckpoint f : record) {
        chain.committed(f.number()).ifPresent(held -> listeners.forEach(l -> l.resumed(f, held)));
      }
    }
    LOG.info(
        "L1 follower resumes after L1 block {} (checkpoint {} archive {}), skipping L1 blocks"
            + " {}..{}",
        scannedTo,
        newest.number().value(),
        newest.archive(),
        fromL1Block,
        scannedTo);
  }

  /** Why {@code record} (not empty) cannot be resumed from; empty when it can. */
  private Optional<String> refuse(List<FollowedCheckpoint> record, L1BlockRef head) {
    for (int i = 1; i < record.size(); i++) {
      FollowedCheckpoint before = record.get(i - 1);
      FollowedCheckpoint after = record.get(i);
      if (!after.number().isAfter(before.number())
          || after.l1Block().number() < before.l1Block().number()) {
        return Optional.of("L1 position record out of order at checkpoint " + after.number());
      }
    }
    FollowedCheckpoint newest = record.get(record.size() - 1);
    L1BlockRef at = newest.l1Block();
    if (at.number() < fromL1Block) {
      return Optional.of(
          "L1 position record is at L1 block " + at.number() + ", before " + fromL1Block);
    }
    Optional<Fr> held = chain.archiveOf(newest.number());
    if (held.isEmpty()) {
      return Optional.of(
          "L1 position record is at checkpoint "
              + newest.number().value()
              + " but this node's chain is at "
              + chain.tip().checkpointNumber().value());
    }
    if (!held.get().equals(newest.archive())) {
      return Optional.of(
          "L1 position record has archive "
              + newest.archive()
              + " at checkpoint "
              + newest.number().value()
              + ", this node's chain "
              + held.get());
    }
    if (at.number() > head.number()) {
      return Optional.of(
          "L1 position record is at L1 block "
              + at.number()
              + ", past L1's confirmed head "
              + head.number());
    }
    Optional<L1BlockRef> now = source.block(at.number());
    if (now.isEmpty() || !now.get().hash().equals(at.hash())) {
      return Optional.of(
          "L1 block "
              + at.number()
              + " of the L1 position record is no longer "
              + at.hash()
              + " (an L1 reorg while the node was down)");
    }
    return Optional.empty();
  }

  /** Best effort: a record that could not be written only costs a longer scan at the next start. */
  private void savePosition() {
    if (position.isEmpty() || savedVersion == followedVersion) {
      return;
    }
    try {
      position.get().save(List.copyOf(followed));
      savedVersion = followedVersion;
    } catch (RuntimeException e) {
      LOG.warn("cannot save the L1 position record: {}", e.getMessage());
    }
  }

  public Status status() {
    return new Status(
        sync.inSync(), scannedTo, l1Tip(), chain.tip().checkpointNumber(), rolledBack, pruned);
  }

  /** The newest checkpoint on L1 as followed so far. */
  public CheckpointNumber l1Tip() {
    return followed.isEmpty() ? base : followed.peekLast().number();
  }

  public boolean isSynced() {
    return sync.inSync();
  }

  /** The gate this follower keeps: closed until it has caught up with L1 (§17.6). */
  public L1Sync sync() {
    return sync;
  }

  private void detectReorg() {
    if (scannedHead.isEmpty()) {
      return;
    }
    L1BlockRef seen = scannedHead.get();
    if (source.block(seen.number()).map(b -> b.hash().equals(seen.hash())).orElse(false)) {
      return;
    }
    // Drop every followed checkpoint whose L1 block is no longer canonical, newest first.
    while (!followed.isEmpty()) {
      L1BlockRef at = followed.peekLast().l1Block();
      if (source.block(at.number()).map(b -> b.hash().equals(at.hash())).orElse(false)) {
        break;
      }
      followed.pollLast();
      followedVersion++;
    }
    CheckpointNumber keep = l1Tip();
    LOG.warn(
        "L1 reorg: block {} {} is gone; the newest checkpoint still on L1 is {}",
        seen.number(),
        seen.hash(),
        keep.value());
    scannedTo = followed.isEmpty() ? fromL1Block - 1 : followed.peekLast().l1Block().number();
    scannedHead =
        followed.isEmpty() ? Optional.empty() : Optional.of(followed.peekLast().l1Block());
    rolledBack += undo(chain.rollbackTo(keep), L1FollowListener.Undo.L1_REORG);
  }

  private void apply(L1Checkpoint c) {
    ChainTip tip = chain.tip();
    if (!c.number().isAfter(tip.checkpointNumber())) {
      Optional<Fr> held = chain.archiveOf(c.number());
      if (held.isPresent() && held.get().equals(c.archive())) {
        remember(c);
        landed(c, false);
        return;
      }
      LOG.warn(
          "L1 checkpoint {} (slot {}) differs from the one this node holds; L1 wins",
          c.number().value(),
          c.slot().value());
      rolledBack +=
          undo(chain.rollbackTo(c.number().previous()), L1FollowListener.Undo.REPLACED_BY_L1);
    }
    if (!c.number().equals(chain.tip().checkpointNumber().next())) {
      throw new IllegalStateException(
          "L1 checkpoint " + c.number() + " but this node's chain is at " + chain.tip());
    }
    QuorumValidation validation = validator.validateLanded(c.quorum());
    if (!validation.isValid()) {
      throw new IllegalStateException(
          "L1 checkpoint " + c.number() + " carries a quorum this node refuses: " + validation);
    }
    WorldStateFork fork = chain.worldState().forkLatest();
    Checkpoint rebuilt;
    try {
      rebuilt = rebuilder.rebuild(c, fork);
    } catch (RebuildException e) {
      fork.close();
      throw new IllegalStateException("L1 checkpoint " + c.number() + ": " + e.getMessage(), e);
    }
    chain.offer(rebuilt, fork);
    ChainStore.CommitOutcome outcome = chain.onQuorum(validation.verified().orElseThrow());
    if (outcome != ChainStore.CommitOutcome.COMMITTED
        && outcome != ChainStore.CommitOutcome.ALREADY_COMMITTED) {
      throw new IllegalStateException(
          "L1 checkpoint " + c.number() + " did not commit: " + outcome);
    }
    LOG.info(
        "checkpoint {} slot={} applied from L1 block {}",
        c.number().value(),
        c.slot().value(),
        c.l1Block().number());
    remember(c);
    landed(c, true);
  }

  private void landed(L1Checkpoint c, boolean appliedFromL1) {
    if (listeners.isEmpty()) {
      return;
    }
    chain
        .committed(c.number())
        .ifPresent(held -> listeners.forEach(l -> l.landed(c, held, appliedFromL1)));
  }

  private void remember(L1Checkpoint c) {
    // A round that failed half-way is scanned again: keep one entry per checkpoint number.
    while (!followed.isEmpty() && !c.number().isAfter(followed.peekLast().number())) {
      followed.pollLast();
    }
    followed.addLast(FollowedCheckpoint.of(c));
    followedVersion++;
    while (followed.size() > REMEMBERED) {
      followed.pollFirst();
    }
  }

  /**
   * A checkpoint final by gossip but not on L1 is undone once L1's confirmed head is past its
   * slot: the contract accepts a checkpoint only during its own slot, so it can never land.
   */
  private void pruneUnlanded(L1BlockRef head) {
    CheckpointNumber l1Tip = l1Tip();
    if (!chain.tip().checkpointNumber().isAfter(l1Tip)) {
      return;
    }
    Optional<CommittedCheckpoint> first = chain.committed(l1Tip.next());
    if (first.isEmpty()) {
      return;
    }
    long slotEnd =
        timetable.slotEnd(first.get().checkpoint().header().slotNumber()).getEpochSecond();
    if (head.timestamp() < slotEnd) {
      return;
    }
    List<CommittedCheckpoint> undone = chain.rollbackTo(l1Tip);
    pruned += undone.size();
    LOG.warn(
        "pruned {} checkpoint(s) from slot {} on: never reached L1 in their slot",
        undone.size(),
        first.get().checkpoint().header().slotNumber().value());
    undo(undone, L1FollowListener.Undo.MISSED_L1);
  }

  private int undo(List<CommittedCheckpoint> undone, L1FollowListener.Undo cause) {
    if (!undone.isEmpty()) {
      listeners.forEach(l -> l.undone(undone, cause));
    }
    List<Tx> txs =
        undone.stream()
            .flatMap(u -> u.checkpoint().blocks().stream())
            .flatMap(b -> b.txs().stream())
            .toList();
    if (!txs.isEmpty()) {
      txsBackToPool.accept(txs);
    }
    return undone.size();
  }
}
