package dev.slotstream.gossip;

import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.consensus.ValidationResult;

/** Maps the core's receipt checks onto the gossip layer's dead-letter reasons. */
public final class RejectReasons {
  private RejectReasons() {}

  public static RejectReason of(RejectionReason reason) {
    return switch (reason) {
      case OUTSIDE_WINDOW -> RejectReason.OUT_OF_WINDOW;
      case BAD_SIGNATURE -> RejectReason.BAD_SIGNATURE;
      // Both signatures recover, but to two different signers: a signature for the wrong signer.
      case SIGNER_MISMATCH -> RejectReason.BAD_SIGNATURE;
      case WRONG_PROPOSER -> RejectReason.WRONG_PROPOSER;
      case NOT_IN_COMMITTEE -> RejectReason.NOT_IN_COMMITTEE;
      case INSUFFICIENT_QUORUM, COMMITTEE_MISMATCH -> RejectReason.INSUFFICIENT_QUORUM;
      case FOREIGN_CONTEXT, INDEX_OUT_OF_BOUNDS, TOO_MANY_TXS, INCONSISTENT_HEADER ->
          RejectReason.INVALID;
      // Not the record's fault: this node cannot check it until it knows the epoch's set.
      case VALIDATOR_SET_UNKNOWN -> RejectReason.VALIDATOR_SET_UNKNOWN;
    };
  }

  /** The exception a listener throws for a refused quorum; the detail keeps the core's reason. */
  public static InvalidGossipException toException(QuorumValidation result) {
    RejectionReason reason =
        result.reason().orElseThrow(() -> new IllegalArgumentException("result is valid"));
    return new InvalidGossipException(of(reason), reason + ": " + result.detail());
  }

  /** The exception a listener throws for an invalid result; the detail keeps the core's reason. */
  public static InvalidGossipException toException(ValidationResult result) {
    RejectionReason reason =
        result.reason().orElseThrow(() -> new IllegalArgumentException("result is valid"));
    return new InvalidGossipException(of(reason), reason + ": " + result.detail());
  }
}
