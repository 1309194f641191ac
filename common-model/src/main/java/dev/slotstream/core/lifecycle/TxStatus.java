package dev.slotstream.core.lifecycle;

import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.TxHash;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tx's stage on this node, where it was included, and when this node saw it reach each stage.
 *
 * @param checkpoint the checkpoint that made it final, once CHECKPOINTED
 * @param reason why it was rejected or dropped, or why it went back to PENDING
 * @param l1 where its checkpoint landed on L1, once ON_L1
 */
public record TxStatus(
    TxHash hash,
    TxStage stage,
    Optional<TxInclusion> inclusion,
    Optional<CheckpointNumber> checkpoint,
    Optional<String> reason,
    Optional<L1Landing> l1,
    Map<TxStage, Instant> reachedAt) {
  public TxStatus {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(inclusion, "inclusion");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(l1, "l1");
    reachedAt = StageTimes.copyOf(reachedAt);
  }

  static TxStatus first(TxHash hash, TxStage stage, Instant at) {
    return new TxStatus(
        hash,
        stage,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(stage, at));
  }

  /**
   * A tx this node had at CHECKPOINTED before a restart, known again from its chain journal: when
   * it reached its stages then is not kept, so it has no times.
   */
  static TxStatus restored(TxHash hash, TxInclusion where, CheckpointNumber in) {
    return new TxStatus(
        hash,
        TxStage.CHECKPOINTED,
        Optional.of(where),
        Optional.of(in),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  /** ON_L1 before this node's restart (its L1 position record says so): no time for it either. */
  TxStatus onL1BeforeRestart(TxInclusion where, L1Landing landing) {
    return new TxStatus(
        hash,
        TxStage.ON_L1,
        inclusion.isPresent() ? inclusion : Optional.of(where),
        Optional.of(landing.checkpoint()),
        reason,
        Optional.of(landing),
        reachedAt);
  }

  TxStatus advance(
      TxStage next,
      Instant at,
      Optional<TxInclusion> where,
      Optional<CheckpointNumber> in,
      Optional<String> why) {
    return advance(next, at, where, in, why, Optional.empty());
  }

  TxStatus advance(
      TxStage next,
      Instant at,
      Optional<TxInclusion> where,
      Optional<CheckpointNumber> in,
      Optional<String> why,
      Optional<L1Landing> landing) {
    return new TxStatus(
        hash,
        next,
        where.isPresent() ? where : inclusion,
        in.isPresent() ? in : checkpoint,
        why.isPresent() ? why : reason,
        landing.isPresent() ? landing : l1,
        StageTimes.copyOf(reachedAt).withFirst(next, at));
  }

  /**
   * Back to {@code stage} (PENDING or DROPPED) because its checkpoint was undone: no longer in a
   * block of this node's chain, so its inclusion, checkpoint and landing are gone, and so are the
   * times of the stages after PENDING (it will reach them anew). When it first became PENDING stays.
   */
  TxStatus undone(TxStage stage, Instant at, String why) {
    Instant pending = reachedAt.get(TxStage.PENDING);
    StageTimes times = StageTimes.NONE.withFirst(TxStage.PENDING, pending == null ? at : pending);
    if (stage != TxStage.PENDING) {
      times = times.withFirst(stage, at);
    }
    return new TxStatus(
        hash, stage, Optional.empty(), Optional.empty(), Optional.of(why), Optional.empty(), times);
  }
}
