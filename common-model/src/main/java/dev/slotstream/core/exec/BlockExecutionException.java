package dev.slotstream.core.exec;

import dev.slotstream.core.types.BlockNumber;
import java.util.Optional;

/** A block that strict re-execution refuses: the validator must not attest to its checkpoint. */
public final class BlockExecutionException extends Exception {
  /** What was wrong with the block. */
  public enum Failure {
    WRONG_BLOCK_NUMBER,
    TOO_MANY_BLOCKS,
    TOO_MANY_TXS,
    MANA_LIMIT_EXCEEDED,
    EMPTY_NON_FIRST_BLOCK,
    TX_REJECTED
  }

  private final Failure failure;
  private final BlockNumber blockNumber;
  private final int txIndex;
  private final TxRejectionReason txRejection;

  public BlockExecutionException(
      Failure failure,
      BlockNumber blockNumber,
      int txIndex,
      TxRejectionReason txRejection,
      String detail) {
    super(
        "block "
            + blockNumber
            + " "
            + failure
            + (txIndex >= 0 ? " at tx " + txIndex : "")
            + ": "
            + detail);
    this.failure = failure;
    this.blockNumber = blockNumber;
    this.txIndex = txIndex;
    this.txRejection = txRejection;
  }

  public Failure failure() {
    return failure;
  }

  public BlockNumber blockNumber() {
    return blockNumber;
  }

  /** Index of the offending tx in the block, or -1 for a block-level failure. */
  public int txIndex() {
    return txIndex;
  }

  public Optional<TxRejectionReason> txRejection() {
    return Optional.ofNullable(txRejection);
  }
}
