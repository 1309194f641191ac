package dev.slotstream.core.consensus;

/** Why a well-formed message was refused. A bounded set, so it can tag a metric. */
public enum RejectionReason {
  FOREIGN_CONTEXT,
  OUTSIDE_WINDOW,
  BAD_SIGNATURE,
  WRONG_PROPOSER,
  SIGNER_MISMATCH,
  NOT_IN_COMMITTEE,
  INDEX_OUT_OF_BOUNDS,
  TOO_MANY_TXS,
  INCONSISTENT_HEADER,
  /** A quorum whose committee size is not its epoch's. */
  COMMITTEE_MISMATCH,
  /** A quorum with fewer than ⌊2n/3⌋+1 committee signatures. */
  INSUFFICIENT_QUORUM,
  /**
   * This node does not know the validator set of the message's epoch yet (§6), so it cannot say
   * who proposes or attests: not a fault of the message, which this node neither accepts nor calls
   * invalid.
   */
  VALIDATOR_SET_UNKNOWN
}
