package dev.slotstream.proposer.tx;

import dev.slotstream.core.types.TxHash;

/** The tx topic did not acknowledge a tx in time; it was taken back out of the pool. */
public class GossipUnavailableException extends RuntimeException {
  private final TxHash txHash;

  public GossipUnavailableException(TxHash txHash, String message, Throwable cause) {
    super(message, cause);
    this.txHash = txHash;
  }

  public TxHash txHash() {
    return txHash;
  }
}
