package dev.slotstream.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.SlotNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlotClockTest {
  private static final Instant GENESIS = Instant.parse("2025-01-01T00:00:00Z");
  private static final TimetableConfig CONFIG = TimetableConfig.standard(GENESIS);

  private static SlotClock clockAt(Instant now) {
    return new SlotClock(Clock.fixed(now, ZoneOffset.UTC), CONFIG);
  }

  @Test
  void shouldHaveNoCurrentSlotBeforeGenesis() {
    SlotClock clock = clockAt(GENESIS.minusSeconds(5));

    assertThat(clock.isBeforeGenesis()).isTrue();
    assertThat(clock.currentSlot()).isEmpty();
    assertThat(clock.currentEpoch()).isEmpty();
    assertThat(clock.timeIntoCurrentSlot()).isEmpty();
    assertThat(clock.nextSlot()).isEqualTo(SlotNumber.ZERO);
    assertThat(clock.timeUntilSlotStart(SlotNumber.ZERO)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldBeInSlotZeroExactlyAtGenesis() {
    SlotClock clock = clockAt(GENESIS);

    assertThat(clock.isBeforeGenesis()).isFalse();
    assertThat(clock.currentSlot()).contains(SlotNumber.ZERO);
    assertThat(clock.nextSlot()).isEqualTo(SlotNumber.of(1));
  }

  @Test
  void shouldReadTheCurrentSlotAndEpochFromTheInjectedClock() {
    SlotClock clock = clockAt(GENESIS.plusSeconds(32 * 60 * 3 + 125));

    assertThat(clock.currentSlot()).contains(SlotNumber.of(98));
    assertThat(clock.currentEpoch()).contains(EpochNumber.of(3));
    assertThat(clock.timeIntoCurrentSlot()).contains(Duration.ofSeconds(5));
    assertThat(clock.epochOf(SlotNumber.of(98))).isEqualTo(EpochNumber.of(3));
    assertThat(clock.firstSlotOf(EpochNumber.of(3))).isEqualTo(SlotNumber.of(96));
    assertThat(clock.slotAt(GENESIS.plusSeconds(61))).contains(SlotNumber.of(1));
  }

  @Test
  void shouldCountDownToAFutureInstantAndReportZeroForAPastOne() {
    SlotClock clock = clockAt(GENESIS.plusSeconds(100));

    assertThat(clock.timeUntil(GENESIS.plusMillis(101_250))).isEqualTo(Duration.ofMillis(1250));
    assertThat(clock.timeUntil(GENESIS.plusSeconds(99))).isEqualTo(Duration.ZERO);
    assertThat(clock.timeUntilSlotStart(SlotNumber.of(2))).isEqualTo(Duration.ofSeconds(20));
    assertThat(clock.hasPassed(GENESIS.plusSeconds(100))).isTrue();
    assertThat(clock.hasPassed(GENESIS.plusSeconds(101))).isFalse();
  }

  @Test
  void shouldGiveALaggingNodeTheSameDeadlinesAsAnOnTimeNode() {
    Clock onTime = Clock.fixed(GENESIS.plusSeconds(600), ZoneOffset.UTC);
    Clock lagging = Clock.offset(onTime, Duration.ofSeconds(-7));
    SlotClock a = new SlotClock(onTime, CONFIG);
    SlotClock b = new SlotClock(lagging, CONFIG);
    SlotNumber slot = SlotNumber.of(10);

    assertThat(b.timetable().attestationDeadline(slot))
        .isEqualTo(a.timetable().attestationDeadline(slot));
    assertThat(b.timetable().blockDeadline(slot, 0))
        .isEqualTo(a.timetable().blockDeadline(slot, 0));
    assertThat(b.currentSlot()).contains(SlotNumber.of(9));
    assertThat(b.timeUntil(b.timetable().blockStart(slot, 0))).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void shouldTellABuilderWhichSubSlotToUseAtTheClocksTime() {
    SlotClock clock = clockAt(GENESIS.plusSeconds(60 + 17));

    BuildPlan plan =
        clock.timetable().subSlotFor(clock.currentSlot().orElseThrow(), clock.now()).orElseThrow();

    assertThat(plan.subSlot().index()).isEqualTo(2);
    assertThat(clock.timeUntil(plan.buildFrom())).isEqualTo(Duration.ofSeconds(1));
  }
}
