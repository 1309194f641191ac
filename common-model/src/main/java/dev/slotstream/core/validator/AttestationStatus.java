package dev.slotstream.core.validator;

/** How a validator's job for one slot ended. Only ATTESTED produces attestations. */
public enum AttestationStatus {
  ATTESTED,
  /** Re-executed and matched, but no local key is in the slot's committee. */
  NOT_IN_COMMITTEE,
  /** The checkpoint proposal arrived, but some of its blocks never did before the deadline. */
  MISSING_BLOCKS,
  /** Txs named by a block were neither carried nor found in the pool before the deadline. */
  MISSING_TXS,
  /** The slot's first block builds on an archive this node never held as final. */
  UNKNOWN_PARENT,
  /**
   * The slot's first block builds on an archive this node holds as final but that is older than
   * its tip (and did not become the tip again before the deadline): attesting would fork.
   */
  STALE_PARENT,
  /** Re-execution gave another header or archive than proposed. */
  STATE_MISMATCH,
  /** A block breaks the execution rules (invalid tx, empty non-first block, limits...). */
  INVALID_BLOCK,
  /** A block or checkpoint index beyond the checkpoint's last block. */
  INDEX_OUT_OF_BOUNDS,
  /** The proposer signed two different proposals for one position. */
  EQUIVOCATION,
  /** The slot's attestation deadline passed before a checkpoint proposal arrived. */
  NO_CHECKPOINT,
  /**
   * Re-executed and matched, but the node had not caught up with its chain's source (L1, or the
   * gossip log when it does not follow L1), so it did not sign (§17.6, §13.6).
   */
  SYNCING,
  /**
   * Re-executed and matched, but this node did not know the validator set of the slot's epoch, so
   * it could not tell whether its keys attest (§6).
   */
  VALIDATOR_SET_UNKNOWN,
  /** The signing record refused: this key already signed something else for the slot. */
  SLASHING_PROTECTION
}
