package dev.slotstream.proposer.tx;

import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.types.TxHash;

/**
 * A valid tx the pool declined: UNDERPRICED (a replacement without the fee bump, or a full pool with
 * nothing cheaper to evict), POOL_FULL or SENDER_LIMIT.
 */
public class PoolRejectedException extends RuntimeException {
  private final TxHash txHash;
  private final AddStatus status;
  private final String detail;

  public PoolRejectedException(TxHash txHash, AddStatus status, String detail) {
    super(status + ": " + detail);
    this.txHash = txHash;
    this.status = status;
    this.detail = detail;
  }

  public TxHash txHash() {
    return txHash;
  }

  public AddStatus status() {
    return status;
  }

  public String detail() {
    return detail;
  }
}
