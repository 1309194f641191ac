package dev.slotstream.core.sequencer;

/** How a proposer's slot ended. */
public enum ProposalStatus {
  /** Blocks broadcast and the checkpoint proposal sent. */
  PROPOSED,
  /** The checkpoint could not be sent before its deadline. */
  LATE,
  /** The signing record refused a signature (e.g. a restart would re-sign a slot differently). */
  SLASHING_PROTECTION,
  /**
   * Not proposed: the node had not caught up with its chain's source (L1, or the gossip log when it
   * does not follow L1) at the slot's start (§17.6, §13.6).
   */
  SYNCING,
  /**
   * Not proposed: this node did not know the validator set of the slot's epoch at its start, so it
   * could not tell who proposes (§6).
   */
  VALIDATOR_SET_UNKNOWN,
  /** Building failed unexpectedly. */
  FAILED
}
