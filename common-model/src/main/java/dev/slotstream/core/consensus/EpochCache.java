package dev.slotstream.core.consensus;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Committees and proposers by slot, each epoch's committee drawn once and kept. */
public final class EpochCache {
  private static final int MAX_CACHED_EPOCHS = 16;

  private final ValidatorSet validators;
  private final Bytes32 baseSeed;
  private final CommitteeSelector selector;
  private final Timetable timetable;
  private final Map<EpochNumber, Committee> committees = new ConcurrentHashMap<>();

  public EpochCache(
      ValidatorSet validators, Bytes32 baseSeed, CommitteeSelector selector, Timetable timetable) {
    this.validators = validators;
    this.baseSeed = baseSeed;
    this.selector = selector;
    this.timetable = timetable;
  }

  public Committee committeeFor(SlotNumber slot) {
    return committeeOf(timetable.epochOf(slot));
  }

  public Committee committeeOf(EpochNumber epoch) {
    if (committees.size() > MAX_CACHED_EPOCHS) {
      committees.keySet().removeIf(e -> e.value() + MAX_CACHED_EPOCHS / 2 < epoch.value());
    }
    return committees.computeIfAbsent(epoch, e -> selector.select(validators, baseSeed, e));
  }

  public EthAddress proposerFor(SlotNumber slot) {
    return committeeFor(slot).proposerFor(slot);
  }

  public ValidatorSet validators() {
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
