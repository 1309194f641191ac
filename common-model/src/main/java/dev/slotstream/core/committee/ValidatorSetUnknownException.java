package dev.slotstream.core.committee;

import dev.slotstream.core.types.EpochNumber;

/**
 * The committee of an epoch was asked for while this node does not know the epoch's validator set
 * ({@link ValidatorSchedule} answered empty). Callers that can skip (duties) or refuse (receipt
 * checks) ask {@code EpochCache.findCommittee} first; this is thrown only where they did not.
 */
public final class ValidatorSetUnknownException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient EpochNumber epoch;

  public ValidatorSetUnknownException(EpochNumber epoch) {
    super(describe(epoch));
    this.epoch = epoch;
  }

  /** "the validator set of epoch N is not known to this node yet". */
  public static String describe(EpochNumber epoch) {
    return "the validator set of epoch " + epoch.value() + " is not known to this node yet";
  }

  public EpochNumber epoch() {
    return epoch;
  }
}
