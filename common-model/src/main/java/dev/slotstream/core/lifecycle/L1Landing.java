package dev.slotstream.core.lifecycle;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import java.util.Objects;

/**
 * Where a checkpoint landed on L1, as this node's L1 follower saw it.
 *
 * @param l1Block the number of the L1 block holding the {@code propose} tx
 * @param l1TxHash the L1 tx that proposed it
 */
public record L1Landing(
    CheckpointNumber checkpoint, long l1Block, Bytes32 l1BlockHash, Bytes32 l1TxHash) {
  public L1Landing {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(l1BlockHash, "l1BlockHash");
    Objects.requireNonNull(l1TxHash, "l1TxHash");
  }
}
