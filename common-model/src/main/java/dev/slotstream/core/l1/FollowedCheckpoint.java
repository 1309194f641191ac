package dev.slotstream.core.l1;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.util.Objects;

/**
 * A checkpoint the {@link L1Follower} saw on L1: what its reorg check, its prune and a resume after
 * a restart need of it (not the calldata).
 *
 * @param l1TxHash the L1 tx that proposed it: after a resume, what the node still answers for its
 *     txs' L1 stage (§17.7)
 */
public record FollowedCheckpoint(
    CheckpointNumber number, Fr archive, L1BlockRef l1Block, Bytes32 l1TxHash) {
  public FollowedCheckpoint {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(l1Block, "l1Block");
    Objects.requireNonNull(l1TxHash, "l1TxHash");
  }

  static FollowedCheckpoint of(L1Checkpoint c) {
    return new FollowedCheckpoint(c.number(), c.archive(), c.l1Block(), c.l1TxHash());
  }
}
