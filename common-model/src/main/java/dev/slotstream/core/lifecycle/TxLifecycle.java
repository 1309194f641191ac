package dev.slotstream.core.lifecycle;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.CommittedCheckpoint;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.FailedTx;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.l1.FollowedCheckpoint;
import dev.slotstream.core.l1.L1Checkpoint;
import dev.slotstream.core.l1.L1FollowListener;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.pool.AddResult;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.sequencer.BlockBroadcast;
import dev.slotstream.core.sequencer.CheckpointBroadcast;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.TxHash;
import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.BlockExecuted;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The stage of each recent tx on one executing node, from the events the node already has: a tx
 * admitted to its pool, a block broadcast or executed, a checkpoint committed on quorum and, on a
 * node that follows L1, that checkpoint landing on L1 (or undone). Memory is bounded: the oldest of
 * more than {@code capacity} txs is forgotten (then {@link #status} is empty, as for a tx never seen
 * here).
 *
 * <p>After a restart ({@link #restore}, {@link L1FollowListener#resumed}) it knows again the txs of
 * the newest checkpoints the node restored from its chain journal, at CHECKPOINTED or ON_L1, with
 * no times: the memory of when they got there did not survive the restart.
 *
 * <p>A tx moves forward only: an event for a stage it has passed changes nothing and is not
 * reported again. The one way back: a checkpoint undone on L1's word (pruned after missing L1 in
 * its slot, or removed by an L1 reorg) sends its txs back to PENDING, as they go back to the pool.
 */
public final class TxLifecycle {
  /** How many checkpoints' commit times are kept for their quorum-to-L1 time. */
  private static final int COMMIT_TIMES = 64;

  private final int capacity;
  private final Clock clock;
  private final boolean l1Followed;
  private final Map<TxHash, Track> recent;
  private final Map<CheckpointNumber, Instant> commitTimes;
  private final List<TxLifecycleListener> listeners = new CopyOnWriteArrayList<>();

  /** On a node that does not follow L1: CHECKPOINTED is the last stage. */
  public TxLifecycle(int capacity, Clock clock) {
    this(capacity, clock, false);
  }

  /**
   * @param l1Followed whether this node's L1 follower feeds {@link #l1Listener()}: then ON_L1, not
   *     CHECKPOINTED, is the last stage a tx reaches here
   */
  public TxLifecycle(int capacity, Clock clock, boolean l1Followed) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.l1Followed = l1Followed;
    this.commitTimes =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<CheckpointNumber, Instant> eldest) {
            return size() > COMMIT_TIMES;
          }
        };
    this.recent =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<TxHash, Track> eldest) {
            return size() > TxLifecycle.this.capacity;
          }
        };
  }

  public void addListener(TxLifecycleListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(TxLifecycleListener listener) {
    listeners.remove(listener);
  }

  /** Whether a tx at {@code stage} is done on this node (nothing more will be reported for it). */
  public boolean isFinal(TxStage stage) {
    return stage.isFinal(l1Followed);
  }

  public boolean l1Followed() {
    return l1Followed;
  }

  public synchronized Optional<TxStatus> status(TxHash hash) {
    Track track = recent.get(hash);
    return track == null ? Optional.empty() : Optional.of(track.status());
  }

  public synchronized int size() {
    return recent.size();
  }

  /** The tx entered this node's pool (added or replacing another). */
  public void pending(TxHash hash) {
    publish(advance(hash, TxStage.PENDING, clock.instant(), null, 0));
  }

  /**
   * What the pool made of an admitted tx: PENDING when it entered, and the tx it displaced (same
   * sender and nonce at a lower fee, or the cheapest evictable tx of a full pool) DROPPED.
   */
  public void pooled(TxHash hash, AddResult result) {
    if (result.status() == AddStatus.ADDED || result.status() == AddStatus.REPLACED) {
      pending(hash);
    }
    result
        .displaced()
        .ifPresent(
            victim ->
                dropped(
                    victim,
                    result.status() == AddStatus.REPLACED
                        ? "REPLACED: a higher fee for its nonce, tx " + hash
                        : "EVICTED: the pool was full, for tx " + hash));
  }

  /**
   * The tx left this node's pool without being included; ignored once it is CHECKPOINTED, ON_L1 or
   * REJECTED (or not known here at all: nothing to report).
   */
  public void dropped(TxHash hash, String reason) {
    Instant at = clock.instant();
    TxStatus changed;
    synchronized (this) {
      Track current = recent.get(hash);
      if (current == null
          || rank(current.stage) >= TxStage.CHECKPOINTED.ordinal()
          || current.stage == TxStage.DROPPED) {
        return;
      }
      current.advance(TxStage.DROPPED, at);
      current.reason = reason;
      changed = reported(current);
    }
    publish(changed);
  }

  /** A rule refused the tx; resending it never helps. */
  public void rejected(TxHash hash, String reason) {
    Instant at = clock.instant();
    TxStatus changed;
    synchronized (this) {
      Track current = recent.get(hash);
      if (current != null && current.stage != TxStage.PENDING && current.stage != TxStage.DROPPED) {
        return;
      }
      Track track = current == null ? track(hash) : current;
      track.advance(TxStage.REJECTED, at);
      track.reason = reason;
      changed = reported(track);
    }
    publish(changed);
  }

  public void block(BlockEvent block) {
    List<TxStatus> changed = new ArrayList<>();
    List<TxHash> hashes = block.txHashes();
    synchronized (this) {
      for (int i = 0; i < hashes.size(); i++) {
        TxStatus s = advance(hashes.get(i), block.stage(), block.at(), block, i);
        if (s != null) {
          changed.add(s);
        }
      }
    }
    for (TxLifecycleListener l : listeners) {
      l.onBlock(block);
    }
    publish(changed);
  }

  /**
   * After a restart: the txs of the newest checkpoints {@code chain} holds (restored from its chain
   * journal, docs/PROTOCOL.md §11.5) are CHECKPOINTED here again, newest first up to this
   * lifecycle's capacity (and the checkpoints the chain keeps, {@link ChainStore#KEPT_TXS}). A tx already known
   * here is left as it is. Nothing is reported and nothing is timed: this is old news, and when they
   * reached their stages before the restart is not kept. Call before the chain's commits are
   * listened to.
   *
   * @return how many txs are known again
   */
  public int restore(ChainStore chain) {
    List<CommittedCheckpoint> newestFirst = new ArrayList<>();
    int txs = 0;
    CheckpointNumber n = chain.tip().checkpointNumber();
    while (txs < capacity && n.isAfter(CheckpointNumber.ZERO)) {
      Optional<CommittedCheckpoint> c = chain.committed(n);
      if (c.isEmpty()) {
        break;
      }
      newestFirst.add(c.get());
      for (L2Block block : c.get().checkpoint().blocks()) {
        txs += hashes(block).size();
      }
      n = n.previous();
    }
    int restored = 0;
    synchronized (this) {
      // Oldest first, so that the oldest are forgotten first, as if they had been committed here.
      for (int k = newestFirst.size() - 1; k >= 0; k--) {
        Checkpoint checkpoint = newestFirst.get(k).checkpoint();
        for (L2Block block : checkpoint.blocks()) {
          List<TxHash> hashes = hashes(block);
          for (int i = 0; i < hashes.size(); i++) {
            if (!recent.containsKey(hashes.get(i))) {
              Track track = track(hashes.get(i));
              track.stage = TxStage.CHECKPOINTED;
              track.inclusion = where(block, i);
              track.checkpoint = checkpoint.number();
              restored++;
            }
          }
        }
      }
    }
    return Math.min(restored, capacity);
  }

  /**
   * After a restart, {@code held} was on L1 before it ({@code landing}, from the follower's position
   * record): its txs known here and not yet ON_L1 move to ON_L1, without a time (they got there
   * before the restart). Txs not known here are not added: they are older than what {@link
   * #restore} kept. Each change is reported to the tx's followers; no landing event (not news).
   */
  public void landedBeforeRestart(CommittedCheckpoint held, L1Landing landing) {
    List<TxStatus> changed = new ArrayList<>();
    synchronized (this) {
      for (L2Block block : held.checkpoint().blocks()) {
        List<TxHash> hashes = hashes(block);
        for (int i = 0; i < hashes.size(); i++) {
          Track current = recent.get(hashes.get(i));
          if (current == null || rank(current.stage) >= TxStage.ON_L1.ordinal()) {
            continue;
          }
          current.stage = TxStage.ON_L1;
          if (current.inclusion == null) {
            current.inclusion = where(block, i);
          }
          current.checkpoint = landing.checkpoint();
          current.l1 = landing;
          changed.add(current.status());
        }
      }
    }
    publish(changed);
  }

  private static TxInclusion where(L2Block block, int position) {
    return new TxInclusion(
        block.header().slotNumber(), block.blockNumber(), block.indexWithinCheckpoint(), position);
  }

  /** The checkpoint reached quorum and is now this node's tip. */
  public void committed(CommittedCheckpoint committed, Instant at) {
    Checkpoint checkpoint = committed.checkpoint();
    CheckpointNumber number = checkpoint.number();
    List<TxStatus> changed = new ArrayList<>();
    int txs = 0;
    synchronized (this) {
      commitTimes.put(number, at);
      for (L2Block block : checkpoint.blocks()) {
        List<TxHash> hashes = hashes(block);
        txs += hashes.size();
        for (int i = 0; i < hashes.size(); i++) {
          Track track = reachedIn(hashes.get(i), TxStage.CHECKPOINTED, at, where(block, i), number);
          TxStatus next = track == null ? null : reported(track);
          if (next != null) {
            changed.add(next);
          }
        }
      }
    }
    CheckpointEvent event =
        new CheckpointEvent(
            committed.quorum().slotNumber(),
            number,
            checkpoint.blocks().stream().map(L2Block::blockNumber).toList(),
            txs,
            at);
    for (TxLifecycleListener l : listeners) {
      l.onCheckpoint(event);
    }
    publish(changed);
  }

  /**
   * The checkpoint this node holds as {@code held} is on L1: its txs move on to ON_L1 (a tx not
   * known here yet is recorded straight at ON_L1, as a node catching up from L1 meets it).
   *
   * @param appliedFromL1 true when this node made it final from L1 itself (no gossip quorum before)
   */
  public void landed(
      CommittedCheckpoint held, L1Landing landing, boolean appliedFromL1, Instant at) {
    Checkpoint checkpoint = held.checkpoint();
    List<TxStatus> changed = new ArrayList<>();
    int txs = 0;
    Optional<Instant> committedAt;
    synchronized (this) {
      Instant committed = commitTimes.remove(landing.checkpoint());
      committedAt = appliedFromL1 ? Optional.empty() : Optional.ofNullable(committed);
      for (L2Block block : checkpoint.blocks()) {
        List<TxHash> hashes = hashes(block);
        txs += hashes.size();
        for (int i = 0; i < hashes.size(); i++) {
          Track track =
              reachedIn(hashes.get(i), TxStage.ON_L1, at, where(block, i), landing.checkpoint());
          if (track == null) {
            continue;
          }
          track.l1 = landing;
          TxStatus next = reported(track);
          if (next != null) {
            changed.add(next);
          }
        }
      }
    }
    LandedEvent event = new LandedEvent(held.quorum().slotNumber(), landing, txs, committedAt, at);
    for (TxLifecycleListener l : listeners) {
      l.onLanded(event);
    }
    publish(changed);
  }

  /**
   * Checkpoints this node had made final were undone on L1's word: each of their txs this node
   * holds at CHECKPOINTED or ON_L1 goes back to PENDING (its tx goes back to the pool, which may
   * still refuse it: then {@link #dropped}), or to DROPPED where this node has only its effect
   * (a block rebuilt from L1 carries no txs, so nothing goes back to this node's pool).
   */
  public void undone(List<CommittedCheckpoint> undone, String reason, Instant at) {
    List<TxStatus> changed = new ArrayList<>();
    synchronized (this) {
      for (CommittedCheckpoint c : undone) {
        commitTimes.remove(c.checkpoint().number());
        for (L2Block block : c.checkpoint().blocks()) {
          boolean backToPool = !block.txs().isEmpty();
          for (TxHash hash : hashes(block)) {
            Track current = recent.get(hash);
            if (current == null
                || (current.stage != TxStage.CHECKPOINTED && current.stage != TxStage.ON_L1)) {
              continue;
            }
            if (backToPool) {
              current.undone(TxStage.PENDING, at, reason);
            } else {
              current.undone(
                  TxStage.DROPPED,
                  at,
                  reason + "; this node holds only its effect, not the tx, to pool again");
            }
            TxStatus next = reported(current);
            if (next != null) {
              changed.add(next);
            }
          }
        }
      }
    }
    publish(changed);
  }

  /** What this node's L1 follower sees: checkpoints landing on L1, and checkpoints undone. */
  public L1FollowListener l1Listener() {
    return new L1FollowListener() {
      @Override
      public void landed(L1Checkpoint onL1, CommittedCheckpoint held, boolean appliedFromL1) {
        TxLifecycle.this.landed(
            held,
            new L1Landing(
                onL1.number(), onL1.l1Block().number(), onL1.l1Block().hash(), onL1.l1TxHash()),
            appliedFromL1,
            clock.instant());
      }

      @Override
      public void resumed(FollowedCheckpoint onL1, CommittedCheckpoint held) {
        landedBeforeRestart(
            held,
            new L1Landing(
                onL1.number(), onL1.l1Block().number(), onL1.l1Block().hash(), onL1.l1TxHash()));
      }

      @Override
      public void undone(List<CommittedCheckpoint> undone, Undo cause) {
        CommittedCheckpoint first = undone.get(0);
        String what =
            "checkpoint "
                + first.checkpoint().number().value()
                + (undone.size() > 1 ? " (and " + (undone.size() - 1) + " after it)" : "")
                + " of slot "
                + first.quorum().slotNumber().value();
        String reason =
            switch (cause) {
              case MISSED_L1 -> "PRUNED: " + what + " never reached L1 in its slot";
              case L1_REORG -> "L1_REORG: " + what + " is no longer on L1";
              case REPLACED_BY_L1 -> "REPLACED_BY_L1: L1 holds another " + what;
            };
        TxLifecycle.this.undone(undone, reason, clock.instant());
      }
    };
  }

  /**
   * A block's txs by hash; from its effects, which a block rebuilt from L1 has too (its txs are
   * empty: L1 carries the effects only).
   */
  private static List<TxHash> hashes(L2Block block) {
    return block.txs().isEmpty()
        ? block.effects().stream().map(TxEffect::txHash).toList()
        : block.txHashes();
  }

  /** A proposer's jobs: each block is proposed and executed (built) as it is broadcast. */
  public ProposalJobListener proposalListener() {
    return new ProposalJobListener() {
      @Override
      public void onBlockBroadcast(BlockBroadcast broadcast) {
        built(broadcast.proposal(), broadcast.at());
      }

      @Override
      public void onCheckpointBroadcast(CheckpointBroadcast broadcast) {
        built(broadcast.proposal().lastBlock(), broadcast.at());
      }

      @Override
      public void onTxsDropped(List<FailedTx> failed) {
        for (FailedTx f : failed) {
          dropped(f.tx().hash(), "FAILED_IN_BLOCK: " + f.reason() + ": " + f.detail());
        }
      }
    };
  }

  private void built(BlockProposal proposal, Instant at) {
    BlockProposalPayload p = proposal.payload();
    block(
        new BlockEvent(
            TxStage.PROPOSED,
            p.slotNumber(),
            p.blockNumber(),
            p.indexWithinCheckpoint(),
            p.txHashes(),
            at));
    block(
        new BlockEvent(
            TxStage.EXECUTED,
            p.slotNumber(),
            p.blockNumber(),
            p.indexWithinCheckpoint(),
            p.txHashes(),
            at));
  }

  /** A validator's jobs: a block is proposed when received, executed when re-executed. */
  public AttestationJobListener attestationListener() {
    return new AttestationJobListener() {
      @Override
      public void onBlockExecuted(BlockExecuted executed) {
        block(
            new BlockEvent(
                TxStage.PROPOSED,
                executed.slot(),
                executed.block(),
                executed.index(),
                executed.txHashes(),
                executed.receivedAt()));
        block(
            new BlockEvent(
                TxStage.EXECUTED,
                executed.slot(),
                executed.block(),
                executed.index(),
                executed.txHashes(),
                executed.executedAt()));
      }
    };
  }

  /** The tx moved on to {@code stage}, in a block ({@code block}'s {@code position}) or not. */
  private synchronized TxStatus advance(
      TxHash hash, TxStage stage, Instant at, BlockEvent block, int position) {
    Track current = recent.get(hash);
    if (current != null && rank(current.stage) >= rank(stage)) {
      return null;
    }
    Track track = current == null ? track(hash) : current;
    track.advance(stage, at);
    if (block != null) {
      track.inclusion = new TxInclusion(block.slot(), block.block(), block.index(), position);
    }
    return reported(track);
  }

  /**
   * The tx's record moved on to {@code stage} (CHECKPOINTED or ON_L1) in checkpoint {@code in}, or
   * null if it was there already. Under the lock.
   */
  private Track reachedIn(
      TxHash hash, TxStage stage, Instant at, TxInclusion where, CheckpointNumber in) {
    Track current = recent.get(hash);
    if (current != null && rank(current.stage) >= stage.ordinal()) {
      return null;
    }
    Track track = current == null ? track(hash) : current;
    track.advance(stage, at);
    track.inclusion = where;
    track.checkpoint = in;
    return track;
  }

  /** A new record of {@code hash} (the oldest is forgotten past the capacity). Under the lock. */
  private Track track(TxHash hash) {
    Track track = new Track(hash);
    recent.put(hash, track);
    return track;
  }

  /** What listeners hear of {@code track}'s change: a copy taken under the lock, or null if none listen. */
  private TxStatus reported(Track track) {
    return listeners.isEmpty() ? null : track.status();
  }

  /** Forward order; a DROPPED tx moves on like a PENDING one when it is admitted or included. */
  private static int rank(TxStage stage) {
    return stage == TxStage.DROPPED ? -1 : stage.ordinal();
  }

  private void publish(TxStatus changed) {
    if (changed != null) {
      publish(List.of(changed));
    }
  }

  private void publish(List<TxStatus> changed) {
    for (TxLifecycleListener l : listeners) {
      for (TxStatus s : changed) {
        l.onStage(s);
      }
    }
  }

  /**
   * One tx as this lifecycle knows it, changed in place under the lifecycle's lock. A new {@link
   * TxStatus} at each of a tx's three or four stages was ~150 bytes a change, and at 2,000 tx/s the
   * replaced ones often lived long enough to die in a validator's old generation.
   */
  private static final class Track {
    final TxHash hash;
    final long[] times = StageTimes.none();
    TxStage stage = TxStage.PENDING;
    TxInclusion inclusion;
    CheckpointNumber checkpoint;
    String reason;
    L1Landing l1;

    Track(TxHash hash) {
      this.hash = hash;
    }

    void advance(TxStage next, Instant at) {
      stage = next;
      StageTimes.setFirst(times, next, at);
    }

    /**
     * Back to {@code next} (PENDING or DROPPED) because its checkpoint was undone: no longer in a
     * block of this node's chain, so its inclusion, checkpoint and landing are gone, and so are the
     * times of the stages after PENDING (it will reach them anew). When it first became PENDING
     * stays.
     */
    void undone(TxStage next, Instant at, String why) {
      Instant pending = StageTimes.at(times, TxStage.PENDING);
      Arrays.fill(times, StageTimes.ABSENT);
      StageTimes.setFirst(times, TxStage.PENDING, pending == null ? at : pending);
      advance(next, at);
      inclusion = null;
      checkpoint = null;
      l1 = null;
      reason = why;
    }

    TxStatus status() {
      return new TxStatus(
          hash,
          stage,
          Optional.ofNullable(inclusion),
          Optional.ofNullable(checkpoint),
          Optional.ofNullable(reason),
          Optional.ofNullable(l1),
          StageTimes.of(times));
    }
  }
}
