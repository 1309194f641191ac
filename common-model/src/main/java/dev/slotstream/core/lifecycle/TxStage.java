package dev.slotstream.core.lifecycle;

/**
 * Where a tx is, as one executing node sees it. The stages are ordered: a tx only moves forward, and
 * REJECTED is reached only from PENDING (or straight away). DROPPED is reached from PENDING,
 * PROPOSED or EXECUTED and left again by a later inclusion or admission.
 */
public enum TxStage {
  /** Admitted to this node's pool, not yet in a block this node has seen. */
  PENDING,
  /** In a block that was broadcast (proposer) or received (validator). */
  PROPOSED,
  /** This node executed the block that holds it to the proposed state. */
  EXECUTED,
  /** The checkpoint that holds it reached quorum and is this node's tip: final on L2. */
  CHECKPOINTED,
  /** Refused by a rule it can never meet; the reason says which. */
  REJECTED,
  /**
   * Taken out of this node's pool without being included (evicted from a full pool, replaced by a
   * higher fee for its nonce, failed when the proposer built a block); the reason says which. Not
   * final: a proposer that still holds it (or a resubmission) may yet include it, and an inclusion
   * moves it on as from PENDING.
   */
  DROPPED;

  public boolean isFinal() {
    return this == CHECKPOINTED || this == REJECTED;
  }
}
