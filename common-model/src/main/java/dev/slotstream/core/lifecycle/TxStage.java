package dev.slotstream.core.lifecycle;

/**
 * Where a tx is, as one executing node sees it. The stages are ordered: a tx only moves forward
 * (but for a checkpoint undone on L1's word: back to PENDING), and REJECTED is reached only from
 * PENDING (or straight away). DROPPED is reached from PENDING,
 * PROPOSED or EXECUTED and left again by a later inclusion or admission.
 */
public enum TxStage {
  /** Admitted to this node's pool, not yet in a block this node has seen. */
  PENDING,
  /** In a block that was broadcast (proposer) or received (validator). */
  PROPOSED,
  /** This node executed the block that holds it to the proposed state. */
  EXECUTED,
  /**
   * The checkpoint that holds it reached quorum and is this node's tip: final on L2. On a node that
   * follows L1 it moves on to {@link #ON_L1}, or back to PENDING (or DROPPED) if the checkpoint is
   * undone: pruned after missing L1 in its slot, or removed by an L1 reorg.
   */
  CHECKPOINTED,
  /**
   * This node's L1 follower saw the checkpoint that holds it land on L1 (its {@code
   * CheckpointProposed} event, at the follower's confirmations). Only on nodes that follow L1; only
   * an L1 reorg deeper than those confirmations can still undo it.
   */
  ON_L1,
  /** Refused by a rule it can never meet; the reason says which. */
  REJECTED,
  /**
   * Taken out of this node's pool without being included (evicted from a full pool, replaced by a
   * higher fee for its nonce, failed when the proposer built a block); the reason says which. Not
   * final: a proposer that still holds it (or a resubmission) may yet include it, and an inclusion
   * moves it on as from PENDING.
   */
  DROPPED;

  /**
   * The last stage a tx reaches on a node: REJECTED, and ON_L1 on a node that follows L1, else
   * CHECKPOINTED (such a node never sees L1).
   */
  public boolean isFinal(boolean l1Followed) {
    return this == REJECTED || this == ON_L1 || (this == CHECKPOINTED && !l1Followed);
  }
}
