package dev.slotstream.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class TimetableTest {
  private static final Instant GENESIS = Instant.parse("2025-01-01T00:00:00Z");
  private static final Timetable TIMETABLE = new Timetable(TimetableConfig.standard(GENESIS));
  private static final SlotNumber SLOT = SlotNumber.of(1488);
  private static final Instant SLOT_START = GENESIS.plusSeconds(1488 * 60);

  private static Instant at(double secondsIntoSlot) {
    return SLOT_START.plusMillis(Math.round(secondsIntoSlot * 1000));
  }

  @Test
  void shouldStartSlotsAtGenesisPlusWholeSlots() {
    assertThat(TIMETABLE.slotStart(SlotNumber.ZERO)).isEqualTo(GENESIS);
    assertThat(TIMETABLE.slotEnd(SlotNumber.ZERO)).isEqualTo(GENESIS.plusSeconds(60));
    assertThat(TIMETABLE.slotStart(SLOT)).isEqualTo(SLOT_START);
    assertThat(TIMETABLE.slotEnd(SLOT)).isEqualTo(TIMETABLE.slotStart(SLOT.next()));
  }

  @Test
  void theFirstQuorumAfterASlotCanBePublishedFromTheNextSlotsQuorumWindow() {
    Duration tolerance = TIMETABLE.config().clockTolerance();
    assertThat(TIMETABLE.firstQuorumAfter(Optional.of(SLOT)))
        .isEqualTo(SLOT_START.plusSeconds(60).minus(tolerance));
    assertThat(TIMETABLE.firstQuorumAfter(Optional.empty())).isEqualTo(GENESIS.minus(tolerance));
  }

  @Test
  void shouldPlaceBlocksAndDeadlinesAsInThePlan() {
    assertThat(TIMETABLE.blocksPerSlot()).isEqualTo(5);
    assertThat(TIMETABLE.lastBlockIndex()).isEqualTo(4);
    assertThat(List.of(0, 1, 2, 3, 4).stream().map(i -> TIMETABLE.blockStart(SLOT, i)))
        .containsExactly(at(2), at(10), at(18), at(26), at(34));
    assertThat(List.of(0, 1, 2, 3, 4).stream().map(i -> TIMETABLE.blockDeadline(SLOT, i)))
        .containsExactly(at(10), at(18), at(26), at(34), at(42));
    assertThat(TIMETABLE.checkpointProposalDeadline(SLOT)).isEqualTo(at(42));
    assertThat(TIMETABLE.checkpointProposalExpectedBy(SLOT)).isEqualTo(at(44));
    assertThat(TIMETABLE.attestationDeadline(SLOT)).isEqualTo(at(54));
    assertThat(TIMETABLE.l1PublishTime(SLOT)).isEqualTo(at(55));
  }

  @Test
  void shouldShiftEveryDeadlineExactlyWithTheSlotStart() {
    List<BiFunction<Timetable, SlotNumber, Instant>> deadlines =
        List.of(
            Timetable::slotStart,
            Timetable::slotEnd,
            (t, s) -> t.blockStart(s, 0),
            (t, s) -> t.blockDeadline(s, 2),
            (t, s) -> t.blockDeadline(s, t.lastBlockIndex()),
            Timetable::checkpointProposalDeadline,
            Timetable::checkpointProposalExpectedBy,
            Timetable::attestationDeadline,
            Timetable::l1PublishTime,
            (t, s) -> t.receiveWindow(s).opensAt(),
            (t, s) -> t.receiveWindow(s).closesAt());
    for (Timetable timetable : List.of(TIMETABLE, new Timetable(TimetableConfig.devnet(GENESIS)))) {
      Duration slot = timetable.slotDuration();
      for (long k : new long[] {0, 1, 7, 1_000_003}) {
        SlotNumber s = SlotNumber.of(k);
        for (BiFunction<Timetable, SlotNumber, Instant> deadline : deadlines) {
          Duration offsetInSlot =
              Duration.between(timetable.slotStart(s), deadline.apply(timetable, s));
          Duration offsetInSlot0 =
              Duration.between(GENESIS, deadline.apply(timetable, SlotNumber.ZERO));
          assertThat(offsetInSlot).isEqualTo(offsetInSlot0);
          assertThat(deadline.apply(timetable, s))
              .isEqualTo(deadline.apply(timetable, SlotNumber.ZERO).plus(slot.multipliedBy(k)));
        }
      }
    }
  }

  @Test
  void shouldMarkOnlyTheFinalSubSlotAsLast() {
    assertThat(TIMETABLE.isLastBlock(4)).isTrue();
    assertThat(TIMETABLE.isLastBlock(3)).isFalse();
    assertThat(TIMETABLE.subSlots(SLOT))
        .extracting(SubSlot::last)
        .containsExactly(false, false, false, false, true);
  }

  @Test
  void shouldRefuseSubSlotIndicesOutsideTheSlot() {
    assertThatThrownBy(() -> TIMETABLE.blockStart(SLOT, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sub-slot index 5 outside 0..4");
    assertThatThrownBy(() -> TIMETABLE.blockDeadline(SLOT, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldAcceptArrivalsAtBothEdgesOfTheReceiveWindowIncludingTolerance() {
    ReceiveWindow window = TIMETABLE.receiveWindow(SLOT);

    assertThat(window.opensAt()).isEqualTo(SLOT_START.minusMillis(500));
    assertThat(window.closesAt()).isEqualTo(at(54.5));
    assertThat(TIMETABLE.isWithinReceiveWindow(SLOT, SLOT_START.minusMillis(500))).isTrue();
    assertThat(TIMETABLE.isWithinReceiveWindow(SLOT, SLOT_START)).isTrue();
    assertThat(TIMETABLE.isWithinReceiveWindow(SLOT, at(54))).isTrue();
    assertThat(TIMETABLE.isWithinReceiveWindow(SLOT, at(54.5))).isTrue();
  }

  @Test
  void shouldRefuseArrivalsJustOutsideTheReceiveWindow() {
    Instant tooEarly = SLOT_START.minusMillis(500).minusNanos(1);
    Instant tooLate = at(54.5).plusNanos(1);

    assertThat(TIMETABLE.isWithinReceiveWindow(SLOT, tooEarly)).isFalse();
    assertThat(TIMETABLE.receiveWindow(SLOT).isEarly(tooEarly)).isTrue();
    assertThat(TIMETABLE.isWithinReceiveWindow(SLOT, tooLate)).isFalse();
    assertThat(TIMETABLE.receiveWindow(SLOT).isLate(tooLate)).isTrue();
    assertThat(TIMETABLE.isWithinReceiveWindow(SLOT.next(), at(54.5))).isFalse();
  }

  @Test
  void shouldHaveNoToleranceWhenConfiguredWithZero() {
    Timetable strict =
        new Timetable(TimetableConfig.standard(GENESIS).withClockTolerance(Duration.ZERO));

    assertThat(strict.isWithinReceiveWindow(SLOT, SLOT_START)).isTrue();
    assertThat(strict.isWithinReceiveWindow(SLOT, SLOT_START.minusNanos(1))).isFalse();
    assertThat(strict.isWithinReceiveWindow(SLOT, at(54))).isTrue();
    assertThat(strict.isWithinReceiveWindow(SLOT, at(54).plusNanos(1))).isFalse();
  }

  @Test
  void shouldBuildTheFirstSubSlotFromItsStartWhenTheBuilderIsEarly() {
    BuildPlan plan = TIMETABLE.subSlotFor(SLOT, at(0.5)).orElseThrow();

    assertThat(plan.subSlot().index()).isZero();
    assertThat(plan.buildFrom()).isEqualTo(at(2));
    assertThat(plan.available()).isEqualTo(Duration.ofSeconds(8));
    assertThat(TIMETABLE.subSlotFor(SLOT, SLOT_START.minusSeconds(3)).orElseThrow().buildFrom())
        .isEqualTo(at(2));
  }

  @Test
  void shouldBuildIntoTheCurrentSubSlotWhenEnoughTimeRemains() {
    BuildPlan plan = TIMETABLE.subSlotFor(SLOT, at(13)).orElseThrow();

    assertThat(plan.subSlot()).isEqualTo(TIMETABLE.subSlot(SLOT, 1));
    assertThat(plan.buildFrom()).isEqualTo(at(13));
    assertThat(plan.available()).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan.isLastBlock()).isFalse();
  }

  @Test
  void shouldBuildWhenExactlyTheMinimumBlockDurationRemains() {
    BuildPlan plan = TIMETABLE.subSlotFor(SLOT, at(16)).orElseThrow();

    assertThat(plan.subSlot().index()).isEqualTo(1);
    assertThat(plan.available()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void shouldSkipToTheNextSubSlotWhenLessThanTheMinimumRemains() {
    BuildPlan plan = TIMETABLE.subSlotFor(SLOT, at(16.001)).orElseThrow();

    assertThat(plan.subSlot().index()).isEqualTo(2);
    assertThat(plan.buildFrom()).isEqualTo(at(18));
    assertThat(plan.available()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void shouldTreatASubSlotBoundaryAsTheStartOfTheLaterSubSlot() {
    BuildPlan plan = TIMETABLE.subSlotFor(SLOT, at(34)).orElseThrow();

    assertThat(plan.subSlot().index()).isEqualTo(4);
    assertThat(plan.isLastBlock()).isTrue();
    assertThat(plan.available()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void shouldHaveNothingToBuildWhenTheLastSubSlotIsTooShortOrOver() {
    assertThat(TIMETABLE.subSlotFor(SLOT, at(40))).isPresent();
    assertThat(TIMETABLE.subSlotFor(SLOT, at(40.5))).isEmpty();
    assertThat(TIMETABLE.subSlotFor(SLOT, at(42))).isEmpty();
    assertThat(TIMETABLE.subSlotFor(SLOT, at(59))).isEmpty();
    assertThat(TIMETABLE.subSlotFor(SLOT, at(200))).isEmpty();
  }

  @Test
  void shouldFindTheSlotOfAnInstant() {
    assertThat(TIMETABLE.slotAt(GENESIS)).contains(SlotNumber.ZERO);
    assertThat(TIMETABLE.slotAt(GENESIS.plusMillis(59_999))).contains(SlotNumber.ZERO);
    assertThat(TIMETABLE.slotAt(GENESIS.plusSeconds(60))).contains(SlotNumber.of(1));
    assertThat(TIMETABLE.slotAt(at(59.999))).contains(SLOT);
    assertThat(TIMETABLE.slotAt(GENESIS.minusNanos(1))).isEmpty();
  }

  @Test
  void shouldConvertBetweenSlotsAndEpochs() {
    assertThat(TIMETABLE.epochOf(SlotNumber.ZERO)).isEqualTo(EpochNumber.ZERO);
    assertThat(TIMETABLE.epochOf(SlotNumber.of(31))).isEqualTo(EpochNumber.ZERO);
    assertThat(TIMETABLE.epochOf(SlotNumber.of(32))).isEqualTo(EpochNumber.of(1));
    assertThat(TIMETABLE.epochOf(SLOT)).isEqualTo(EpochNumber.of(46));
    assertThat(TIMETABLE.firstSlotOf(EpochNumber.of(46))).isEqualTo(SlotNumber.of(1472));
    assertThat(TIMETABLE.lastSlotOf(EpochNumber.of(46))).isEqualTo(SlotNumber.of(1503));
    assertThat(TIMETABLE.isFirstSlotOfEpoch(SlotNumber.of(1472))).isTrue();
    assertThat(TIMETABLE.isFirstSlotOfEpoch(SLOT)).isFalse();
    for (long e = 0; e < 100; e++) {
      EpochNumber epoch = EpochNumber.of(e);
      assertThat(TIMETABLE.epochOf(TIMETABLE.firstSlotOf(epoch))).isEqualTo(epoch);
      assertThat(TIMETABLE.epochOf(TIMETABLE.lastSlotOf(epoch))).isEqualTo(epoch);
      assertThat(TIMETABLE.epochOf(TIMETABLE.lastSlotOf(epoch).next())).isEqualTo(epoch.next());
    }
  }

  @Test
  void shouldRunTheDevnetTimetableInSixSecondSlots() {
    Timetable devnet = new Timetable(TimetableConfig.devnet(GENESIS));

    assertThat(devnet.blockStart(SlotNumber.of(2), 0)).isEqualTo(GENESIS.plusMillis(12_200));
    assertThat(devnet.blockDeadline(SlotNumber.of(2), 4)).isEqualTo(GENESIS.plusMillis(16_200));
    assertThat(devnet.attestationDeadline(SlotNumber.of(2))).isEqualTo(GENESIS.plusMillis(17_400));
    assertThat(devnet.l1PublishTime(SlotNumber.of(2))).isEqualTo(GENESIS.plusMillis(17_500));
    assertThat(devnet.epochOf(SlotNumber.of(8))).isEqualTo(EpochNumber.of(1));
  }
}
