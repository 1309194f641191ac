package dev.slotstream.core.consensus;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSchedule;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.committee.ValidatorSetUnknownException;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Committees and proposers by slot. Each epoch's committee is drawn from the validator set of that
 * epoch ({@link ValidatorSchedule}, §6 and §16.2) once the set is known, and kept; an epoch whose
 * set is not known yet has no committee ({@link #findCommittee} is empty) and is never cached, so
 * it is drawn as soon as the schedule learns the set.
 */
public final class EpochCache {
  private static final int MAX_CACHED_EPOCHS = 16;

  private final ValidatorSchedule validators;
  private final Bytes32 baseSeed;
  private final CommitteeSelector selector;
  private final Timetable timetable;
  private final Map<EpochNumber, Committee> committees = new ConcurrentHashMap<>();

  public EpochCache(
      ValidatorSchedule validators,
      Bytes32 baseSeed,
      CommitteeSelector selector,
      Timetable timetable) {
    this.validators = validators;
    this.baseSeed = baseSeed;
    this.selector = selector;
    this.timetable = timetable;
  }

  /** One set for every epoch (a node configured without L1). */
  public EpochCache(
      ValidatorSet validators, Bytes32 baseSeed, CommitteeSelector selector, Timetable timetable) {
    this(ValidatorSchedule.fixed(validators), baseSeed, selector, timetable);
  }

  /**
   * @throws ValidatorSetUnknownException while the set of the slot's epoch is not known
   */
  public Committee committeeFor(SlotNumber slot) {
    return committeeOf(timetable.epochOf(slot));
  }

  /**
   * @throws ValidatorSetUnknownException while the set of {@code epoch} is not known
   */
  public Committee committeeOf(EpochNumber epoch) {
    return findCommittee(epoch).orElseThrow(() -> new ValidatorSetUnknownException(epoch));
  }

  /** The committee of the slot's epoch; empty while that epoch's validator set is not known. */
  public Optional<Committee> findCommitteeFor(SlotNumber slot) {
    return findCommittee(timetable.epochOf(slot));
  }

  /** The committee of {@code epoch}; empty while its validator set is not known. */
  public Optional<Committee> findCommittee(EpochNumber epoch) {
    Committee cached = committees.get(epoch);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ValidatorSet> set = validators.validatorsAt(epoch);
    if (set.isEmpty()) {
      return Optional.empty();
    }
    if (committees.size() > MAX_CACHED_EPOCHS) {
      committees.keySet().removeIf(e -> e.value() + MAX_CACHED_EPOCHS / 2 < epoch.value());
    }
    return Optional.of(
        committees.computeIfAbsent(epoch, e -> selector.select(set.get(), baseSeed, e)));
  }

  /**
   * @throws ValidatorSetUnknownException while the set of the slot's epoch is not known
   */
  public EthAddress proposerFor(SlotNumber slot) {
    return committeeFor(slot).proposerFor(slot);
  }

  /** The validator set of {@code epoch}; empty while not known. */
  public Optional<ValidatorSet> validatorsAt(EpochNumber epoch) {
    return validators.validatorsAt(epoch);
  }

  public ValidatorSchedule schedule() {
    return validators;
  }

  public Timetable timetable() {
    return timetable;
  }

  public Bytes32 baseSeed() {
    return baseSeed;
  }

  public int targetCommitteeSize() {
    return selector.targetCommitteeSize();
  }
}
