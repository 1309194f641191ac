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
}
