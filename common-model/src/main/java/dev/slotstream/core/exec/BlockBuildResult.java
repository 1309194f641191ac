package dev.slotstream.core.exec;

import dev.slotstream.core.message.Tx;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a proposer's {@link CheckpointBuilder#buildBlock} produced.
 *
 * @param block the block, or empty when no block was made (a non-first block with no includable
 *     tx: nothing was written)
 * @param includedTxs the txs in the block, in block order
 * @param effects the effect of each included tx, same order
 * @param failedTxs txs that are invalid on this state, with reasons (drop or retry them)
 * @param deferredTxs valid-looking txs left out only because the block's limits or its cutoff were
 *     reached
 * @param cutOff whether the block stopped at its {@link BuildCutoff} with txs still to look at
 */
public record BlockBuildResult(
    Optional<L2Block> block,
    List<Tx> includedTxs,
    List<TxEffect> effects,
    List<FailedTx> failedTxs,
    List<Tx> deferredTxs,
    boolean cutOff) {
  public BlockBuildResult {
    Objects.requireNonNull(block, "block");
    includedTxs = List.copyOf(includedTxs);
    effects = List.copyOf(effects);
    failedTxs = List.copyOf(failedTxs);
    deferredTxs = List.copyOf(deferredTxs);
  }

  public boolean producedBlock() {
    return block.isPresent();
  }
}
