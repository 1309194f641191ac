package dev.slotstream.core.lifecycle;

/**
 * Where a tx is, as one executing node sees it. The stages are ordered: a tx only moves forward, and
 * REJECTED is reached only from PENDING (or straight away).
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
  REJECTED;

  public boolean isFinal() {
    return this == CHECKPOINTED || this == REJECTED;
  }
}
