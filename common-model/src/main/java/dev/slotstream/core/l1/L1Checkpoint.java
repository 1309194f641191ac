package dev.slotstream.core.l1;

import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Objects;

/**
 * A checkpoint as it landed on L1: the number the contract gave it (its {@code CheckpointProposed}
 * event) and what {@code propose}'s calldata carried — the payload with its quorum of attestations,
 * each block's header and every tx effect — plus where on L1 it landed. Enough to rebuild the
 * checkpoint's state without its txs (docs/PROTOCOL.md §17).
 */
public record L1Checkpoint(
    CheckpointNumber number,
    CheckpointQuorum quorum,
    List<BlockHeader> blockHeaders,
    List<TxEffect> txEffects,
    L1BlockRef l1Block,
    Bytes32 l1TxHash) {
  public L1Checkpoint {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(quorum, "quorum");
    Objects.requireNonNull(l1Block, "l1Block");
    Objects.requireNonNull(l1TxHash, "l1TxHash");
    blockHeaders = List.copyOf(blockHeaders);
    txEffects = List.copyOf(txEffects);
    if (blockHeaders.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint has at least one block");
    }
  }

  public CheckpointPayload payload() {
    return quorum.payload();
  }

  public Fr archive() {
    return quorum.payload().archive();
  }

  public SlotNumber slot() {
    return quorum.slotNumber();
  }
}
