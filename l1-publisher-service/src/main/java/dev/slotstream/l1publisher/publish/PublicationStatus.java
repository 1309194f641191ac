package dev.slotstream.l1publisher.publish;

/** What became of one certified checkpoint on L1. */
public enum PublicationStatus {
  /** Queued or being sent. */
  PENDING,
  /** Landed in an L1 block with the configured confirmations. */
  LANDED,
  /** The contract's tip already holds this slot (another instance, or an earlier attempt). */
  ALREADY_ON_L1,
  /** {@code eth_call} said it would revert: not sent; the decoded error is the detail. */
  REVERTED_IN_SIMULATION,
  /** Mined but reverted; the decoded error is the detail. */
  REVERTED,
  /** Its slot ended before it could be sent: never sent. */
  EXPIRED,
  /** Its slot ended while it was pending: replaced by a same-nonce no-op. */
  CANCELLED,
  /** The L1 node refused the transaction for a reason retrying cannot fix. */
  RPC_ERROR,
  /**
   * Certified, but it does not build on this node's final tip, so L1 would refuse it: never sent.
   * Its parent missed L1 and was pruned (the blocks built on it go with it), or this node is behind.
   */
  NOT_ON_TIP;

  static PublicationStatus of(dev.slotstream.l1publisher.tx.L1Outcome.Status status) {
    return switch (status) {
      case LANDED -> LANDED;
      case ALREADY_DONE -> ALREADY_ON_L1;
      case REVERTED_IN_SIMULATION -> REVERTED_IN_SIMULATION;
      case REVERTED -> REVERTED;
      case EXPIRED -> EXPIRED;
      case CANCELLED -> CANCELLED;
      case RPC_ERROR -> RPC_ERROR;
    };
  }
}
