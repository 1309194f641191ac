package dev.slotstream.core.pool;

/** What {@link TxPool#add} did with a tx. Only {@link #ADDED} and {@link #REPLACED} keep it. */
public enum AddStatus {
  /** Kept as a new tx (possibly after evicting a cheaper one to make room). */
  ADDED,
  /** A tx with the same hash is already pooled; nothing changed. */
  DUPLICATE,
  /** Replaced the pooled tx with the same sender and nonce; its fee was bumped enough. */
  REPLACED,
  /** Too cheap: a replacement without the required bump, or a full pool with nothing cheaper. */
  UNDERPRICED,
  /** The nonce is below the sender's account nonce: it can never be included. */
  NONCE_TOO_LOW,
  /** The pool is full and no tx can be evicted without opening a nonce gap. */
  POOL_FULL,
  /** The sender already has the maximum number of pooled txs. */
  SENDER_LIMIT;

  public boolean accepted() {
    return this == ADDED || this == REPLACED;
  }
}
