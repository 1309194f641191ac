package dev.slotstream.core.lifecycle;

import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A block as this node met it: PROPOSED when broadcast or received, EXECUTED once this node ran it
 * to the proposed state (a proposer executes what it builds, so it reports both at once). The
 * pre-confirmation a client can act on before the checkpoint is final.
 *
 * @param index the block's index within its slot's checkpoint
 */
public record BlockEvent(
    TxStage stage,
    SlotNumber slot,
    BlockNumber block,
    int index,
    List<TxHash> txHashes,
    Instant at) {
  public BlockEvent {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(at, "at");
    txHashes = List.copyOf(txHashes);
    if (stage != TxStage.PROPOSED && stage != TxStage.EXECUTED) {
      throw new IllegalArgumentException("a block event is PROPOSED or EXECUTED, not " + stage);
    }
  }
}
