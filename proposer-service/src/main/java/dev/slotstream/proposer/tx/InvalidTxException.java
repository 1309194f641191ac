package dev.slotstream.proposer.tx;

import dev.slotstream.core.exec.TxRejectionReason;
import dev.slotstream.core.types.TxHash;

/** A well-formed tx that breaks a protocol rule: it can never be valid as submitted. */
public class InvalidTxException extends RuntimeException {
  private final TxHash txHash;
  private final TxRejectionReason reason;
  private final String detail;

  public InvalidTxException(TxHash txHash, TxRejectionReason reason, String detail) {
    super(reason + ": " + detail);
    this.txHash = txHash;
    this.reason = reason;
    this.detail = detail;
  }

  public TxHash txHash() {
    return txHash;
  }

  public TxRejectionReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }
}
