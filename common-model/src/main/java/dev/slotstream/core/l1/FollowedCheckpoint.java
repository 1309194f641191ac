package dev.slotstream.core.l1;

import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.util.Objects;

/**
 * A checkpoint the {@link L1Follower} saw on L1: what its reorg check, its prune and a resume after
 * a restart need of it (not the calldata).
 */
public record FollowedCheckpoint(CheckpointNumber number, Fr archive, L1BlockRef l1Block) {
  public FollowedCheckpoint {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(l1Block, "l1Block");
  }

  static FollowedCheckpoint of(L1Checkpoint c) {
    return new FollowedCheckpoint(c.number(), c.archive(), c.l1Block());
  }
}
