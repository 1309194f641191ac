package dev.slotstream.core.pool;

/**
 * Bounds of a {@link TxPool}.
 *
 * @param maxTxs the most txs the pool holds; beyond it a new tx must evict a cheaper one
 * @param maxTxsPerSender the most txs one sender may have pooled, so one account cannot fill the
 *     pool; {@link #NO_SENDER_CAP} (or anything ≥ {@code maxTxs}) disables the per-sender cap
 * @param replacementBumpPercent how much higher (in percent, rounded up) a replacement's fee must be
 *     than the fee of the tx it replaces; the new fee must also be strictly higher
 */
public record TxPoolConfig(int maxTxs, int maxTxsPerSender, int replacementBumpPercent) {
  public static final int DEFAULT_REPLACEMENT_BUMP_PERCENT = 10;
  public static final int NO_SENDER_CAP = Integer.MAX_VALUE;

  public TxPoolConfig {
    if (maxTxs < 1) {
      throw new IllegalArgumentException("maxTxs must be at least 1, got " + maxTxs);
    }
    if (maxTxsPerSender < 1) {
      throw new IllegalArgumentException(
          "maxTxsPerSender must be at least 1, got " + maxTxsPerSender);
    }
    if (replacementBumpPercent < 0) {
      throw new IllegalArgumentException(
          "replacementBumpPercent must be non-negative, got " + replacementBumpPercent);
    }
  }

  /** A pool of {@code maxTxs} with no per-sender cap and the default 10% replacement bump. */
  public static TxPoolConfig of(int maxTxs) {
    return new TxPoolConfig(maxTxs, NO_SENDER_CAP, DEFAULT_REPLACEMENT_BUMP_PERCENT);
  }
}
