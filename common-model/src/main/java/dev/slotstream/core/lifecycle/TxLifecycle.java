package dev.slotstream.core.lifecycle;

import dev.slotstream.core.chain.CommittedCheckpoint;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.FailedTx;
import dev.slotstream.core.exec.L2Block;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The stage of each recent tx on one executing node, from the events the node already has: a tx
 * admitted to its pool, a block broadcast or executed, a checkpoint committed on quorum. Memory is
 * bounded: the oldest of more than {@code capacity} txs is forgotten (then {@link #status} is
 * empty, as for a tx never seen here).
 *
 * <p>A tx moves forward only: an event for a stage it has passed changes nothing and is not
 * reported again.
 */
public final class TxLifecycle {
  private final int capacity;
  private final Clock clock;
  private final Map<TxHash, TxStatus> recent;
  private final List<TxLifecycleListener> listeners = new CopyOnWriteArrayList<>();

  public TxLifecycle(int capacity, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recent =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<TxHash, TxStatus> eldest) {
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

  public synchronized Optional<TxStatus> status(TxHash hash) {
    return Optional.ofNullable(recent.get(hash));
  }

  public synchronized int size() {
    return recent.size();
  }

  /** The tx entered this node's pool (added or replacing another). */
  public void pending(TxHash hash) {
    publish(List.of(), advance(hash, TxStage.PENDING, clock.instant(), none(), none(), none()));
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
   * The tx left this node's pool without being included; ignored once it is CHECKPOINTED or
   * REJECTED (or not known here at all: nothing to report).
   */
  public void dropped(TxHash hash, String reason) {
    Instant at = clock.instant();
    TxStatus changed;
    synchronized (this) {
      TxStatus current = recent.get(hash);
      if (current == null || current.stage().isFinal() || current.stage() == TxStage.DROPPED) {
        return;
      }
      changed = current.advance(TxStage.DROPPED, at, none(), none(), Optional.of(reason));
      recent.put(hash, changed);
    }
    publish(List.of(), changed);
  }

  /** A rule refused the tx; resending it never helps. */
  public void rejected(TxHash hash, String reason) {
    Instant at = clock.instant();
    TxStatus changed;
    synchronized (this) {
      TxStatus current = recent.get(hash);
      if (current != null
          && current.stage() != TxStage.PENDING
          && current.stage() != TxStage.DROPPED) {
        return;
      }
      changed =
          current == null
              ? TxStatus.first(hash, TxStage.REJECTED, at)
                  .advance(TxStage.REJECTED, at, none(), none(), Optional.of(reason))
              : current.advance(TxStage.REJECTED, at, none(), none(), Optional.of(reason));
      recent.put(hash, changed);
    }
    publish(List.of(), changed);
  }

  public void block(BlockEvent block) {
    List<TxStatus> changed = new ArrayList<>();
    List<TxHash> hashes = block.txHashes();
    synchronized (this) {
      for (int i = 0; i < hashes.size(); i++) {
        TxInclusion where = new TxInclusion(block.slot(), block.block(), block.index(), i);
        TxStatus s = advanceLocked(hashes.get(i), block.stage(), block.at(), Optional.of(where));
        if (s != null) {
          changed.add(s);
        }
      }
    }
    for (TxLifecycleListener l : listeners) {
      l.onBlock(block);
    }
    publish(changed, null);
  }

  /** The checkpoint reached quorum and is now this node's tip. */
  public void committed(CommittedCheckpoint committed, Instant at) {
    Checkpoint checkpoint = committed.checkpoint();
    CheckpointNumber number = checkpoint.number();
    List<TxStatus> changed = new ArrayList<>();
    int txs = 0;
    synchronized (this) {
      for (L2Block block : checkpoint.blocks()) {
        List<TxHash> hashes = block.txHashes();
        txs += hashes.size();
        for (int i = 0; i < hashes.size(); i++) {
          TxInclusion where =
              new TxInclusion(
                  block.header().slotNumber(),
                  block.blockNumber(),
                  block.indexWithinCheckpoint(),
                  i);
          TxStatus current = recent.get(hashes.get(i));
          TxStatus next =
              current == null
                  ? TxStatus.first(hashes.get(i), TxStage.CHECKPOINTED, at)
                      .advance(
                          TxStage.CHECKPOINTED, at, Optional.of(where), Optional.of(number), none())
                  : rank(current.stage()) < TxStage.CHECKPOINTED.ordinal()
                      ? current.advance(
                          TxStage.CHECKPOINTED, at, Optional.of(where), Optional.of(number), none())
                      : null;
          if (next != null) {
            recent.put(next.hash(), next);
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
    publish(changed, null);
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

  private TxStatus advance(
      TxHash hash,
      TxStage stage,
      Instant at,
      Optional<TxInclusion> where,
      Optional<CheckpointNumber> in,
      Optional<String> why) {
    synchronized (this) {
      TxStatus current = recent.get(hash);
      if (current != null && rank(current.stage()) >= rank(stage)) {
        return null;
      }
      TxStatus next =
          current == null
              ? TxStatus.first(hash, stage, at).advance(stage, at, where, in, why)
              : current.advance(stage, at, where, in, why);
      recent.put(hash, next);
      return next;
    }
  }

  /** Forward order; a DROPPED tx moves on like a PENDING one when it is admitted or included. */
  private static int rank(TxStage stage) {
    return stage == TxStage.DROPPED ? -1 : stage.ordinal();
  }

  private TxStatus advanceLocked(
      TxHash hash, TxStage stage, Instant at, Optional<TxInclusion> where) {
    return advance(hash, stage, at, where, none(), none());
  }

  private void publish(List<TxStatus> changed, TxStatus one) {
    if (listeners.isEmpty()) {
      return;
    }
    for (TxLifecycleListener l : listeners) {
      if (one != null) {
        l.onStage(one);
      }
      for (TxStatus s : changed) {
        l.onStage(s);
      }
    }
  }

  private static <T> Optional<T> none() {
    return Optional.empty();
  }
}
