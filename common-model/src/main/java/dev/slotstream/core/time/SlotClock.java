package dev.slotstream.core.time;

import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.SlotNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The timetable read against an injected {@link Clock}. Before genesis there is no current slot
 * ({@link Optional#empty()}) rather than slot 0, so nothing proposes or attests for slot 0 early.
 */
public final class SlotClock {
  private final Clock clock;
  private final Timetable timetable;

  public SlotClock(Clock clock, TimetableConfig config) {
    this(clock, new Timetable(config));
  }

  public SlotClock(Clock clock, Timetable timetable) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timetable = Objects.requireNonNull(timetable, "timetable");
  }

  public Timetable timetable() {
    return timetable;
  }

  public Instant now() {
    return clock.instant();
  }

  public boolean isBeforeGenesis() {
    return now().isBefore(timetable.genesisTime());
  }

  public Optional<SlotNumber> currentSlot() {
    return timetable.slotAt(now());
  }

  public Optional<EpochNumber> currentEpoch() {
    return currentSlot().map(timetable::epochOf);
  }

  public Optional<SlotNumber> slotAt(Instant time) {
    return timetable.slotAt(time);
  }

  public EpochNumber epochOf(SlotNumber slot) {
    return timetable.epochOf(slot);
  }

  public SlotNumber firstSlotOf(EpochNumber epoch) {
    return timetable.firstSlotOf(epoch);
  }

  /** The slot that starts next: slot 0 before genesis, otherwise current + 1. */
  public SlotNumber nextSlot() {
    return currentSlot().map(SlotNumber::next).orElse(SlotNumber.ZERO);
  }

  /** Time elapsed in the current slot; empty before genesis. */
  public Optional<Duration> timeIntoCurrentSlot() {
    Instant now = now();
    return timetable.slotAt(now).map(s -> Duration.between(timetable.slotStart(s), now));
  }

  /** Time until {@code target}, or zero if it has passed: ready to hand to a scheduler. */
  public Duration timeUntil(Instant target) {
    Duration d = Duration.between(now(), target);
    return d.isNegative() ? Duration.ZERO : d;
  }

  public Duration timeUntilSlotStart(SlotNumber slot) {
    return timeUntil(timetable.slotStart(slot));
  }

  public boolean hasPassed(Instant target) {
    return !now().isBefore(target);
  }
}
