package dev.slotstream.core.committee;

import dev.slotstream.core.types.EpochNumber;
import java.util.Objects;
import java.util.Optional;

/**
 * The validator set of each epoch (PROTOCOL.md §6, §16.2): the set committees and proposers of an
 * epoch are drawn from. On L1 a change made during epoch {@code e} applies from {@code e + 2}, so
 * the set of an epoch is known one epoch ahead; a node that follows L1 reads it from the contract
 * ({@code validatorsAt(e)}), a node run from configuration alone has one {@link #fixed} set.
 *
 * <p>Answers from memory, never blocks: an implementation that reads L1 does so ahead of time on
 * its own thread. Empty means this node does not know the set of {@code epoch} (yet): it must not
 * guess, so what needs the epoch's committee is skipped or refused with {@code
 * VALIDATOR_SET_UNKNOWN}.
 */
@FunctionalInterface
public interface ValidatorSchedule {

  /** The set that applies in {@code epoch}, in the contract's order; empty while not known. */
  Optional<ValidatorSet> validatorsAt(EpochNumber epoch);

  /** One set for every epoch: a node configured without L1 ({@code slotstream.protocol.*}). */
  static ValidatorSchedule fixed(ValidatorSet validators) {
    return new Fixed(validators);
  }

  /** The schedule of a node configured without L1: the same set in every epoch. */
  record Fixed(ValidatorSet validators) implements ValidatorSchedule {
    public Fixed {
      Objects.requireNonNull(validators, "validators");
    }

    @Override
    public Optional<ValidatorSet> validatorsAt(EpochNumber epoch) {
      return Optional.of(validators);
    }
  }
}
