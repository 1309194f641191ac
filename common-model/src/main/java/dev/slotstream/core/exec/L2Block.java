package dev.slotstream.core.exec;

import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.TxHash;
import java.util.List;
import java.util.Objects;

/**
 * One block of a checkpoint: its header, the archive root after it, its position, its txs and what
 * each tx did (the effects, one per tx in order: the block's part of the checkpoint's data on L1).
 * {@code txs} is empty for a block rebuilt from L1, whose calldata carries the effects only.
 */
public record L2Block(
    BlockHeader header,
    Fr archiveRoot,
    int indexWithinCheckpoint,
    List<Tx> txs,
    List<TxEffect> effects) {
  public L2Block {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(archiveRoot, "archiveRoot");
    if (indexWithinCheckpoint < 0) {
      throw new IllegalArgumentException("indexWithinCheckpoint must be non-negative");
    }
    txs = List.copyOf(txs);
    effects = List.copyOf(effects);
    // A block rebuilt from L1 has its effects but not its txs: L1 carries only the effects.
    if (!txs.isEmpty() && effects.size() != txs.size()) {
      throw new IllegalArgumentException(txs.size() + " txs but " + effects.size() + " effects");
    }
  }

  public BlockNumber blockNumber() {
    return header.blockNumber();
  }

  public List<TxHash> txHashes() {
    return txs.stream().map(Tx::hash).toList();
  }
}
