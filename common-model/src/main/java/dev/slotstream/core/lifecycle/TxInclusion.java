package dev.slotstream.core.lifecycle;

import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/**
 * Where a tx sits in the chain.
 *
 * @param blockIndex the block's index within its slot's checkpoint
 * @param position the tx's index within the block
 */
public record TxInclusion(SlotNumber slot, BlockNumber block, int blockIndex, int position) {
  public TxInclusion {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(block, "block");
  }
}
