package dev.slotstream.gossip;

/**
 * Why a gossip record was rejected: the {@code reason} tag of {@code slotstream.gossip.rejected} and
 * the {@link GossipHeaders#REJECT_REASON} header on the dead-letter record. A closed set, so the
 * metric's cardinality stays bounded; the free-text detail goes to the log and a header only.
 */
public enum RejectReason {
  /** The bytes are not a canonical encoding of the topic's message type. */
  DECODE,
  /**
   * Larger than its topic's message kind allows (PROTOCOL.md §3.1); refused before decoding. The
   * dead-letter copy keeps only the first bytes and the original size in a header.
   */
  OVERSIZED,
  /** Well-formed but semantically invalid, when no more specific reason applies. */
  INVALID,
  /** A signature does not verify or recovers to the wrong signer. */
  BAD_SIGNATURE,
  /** Signed by someone who is not the slot's proposer. */
  WRONG_PROPOSER,
  /** An attester that is not in the slot's committee. */
  NOT_IN_COMMITTEE,
  /** A quorum that is not one: too few committee signatures, or another committee's size. */
  INSUFFICIENT_QUORUM,
  /** For a slot or sub-slot whose receive window is closed or not yet open. */
  OUT_OF_WINDOW,
  /** Conflicts with a message already accepted from the same signer for the same slot/index. */
  EQUIVOCATION,
  /** Re-execution disagrees with the header (state roots, archive, fees). */
  EXECUTION_MISMATCH,
  /**
   * This node does not know the validator set of the record's epoch (yet), so it cannot check who
   * signed it (PROTOCOL.md §6): not known to be invalid, and never accepted unchecked.
   */
  VALIDATOR_SET_UNKNOWN,
  /** The listener failed for a reason of its own (a bug or an unavailable dependency). */
  LISTENER_ERROR
}
