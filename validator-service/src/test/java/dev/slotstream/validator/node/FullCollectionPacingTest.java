package dev.slotstream.validator.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.EpochSeed;
import dev.slotstream.core.duty.CallerRunsExecutorService;
import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.core.validator.FullCollectionPacer.OldGeneration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FullCollectionPacingTest {
  private static final long MB = 1 << 20;
  private static final List<EthAddress> MEMBERS =
      List.of(address(1), address(2), address(3), address(4));
  private static final Committee COMMITTEE =
      new Committee(EpochNumber.of(0), EpochSeed.derive(Bytes32.ZERO, EpochNumber.of(0)), MEMBERS);

  private static final Instant START = Instant.parse("2026-12-05T00:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualDutyScheduler scheduler = new ManualDutyScheduler(START);
  private final List<Long> collectedInSlot = new ArrayList<>();
  private long used = 200 * MB;
  private long collections;
  private long slot;

  private static EthAddress address(int n) {
    return EthAddress.fromHex("0x" + String.format("%040x", n));
  }

  private FullCollectionPacing pacing(EthAddress key, Optional<Committee> committee) {
    return new FullCollectionPacing(
        () -> new OldGeneration(used, 312 * MB, collections),
        () -> {
          collectedInSlot.add(slot);
          collections++;
          used = 180 * MB;
        },
        s -> committee,
        List.of(key),
        scheduler,
        s -> START.plusSeconds(2 * s.value() + 2),
        new CallerRunsExecutorService(),
        registry);
  }

  /** Slot {@code s}'s job ends, then its attestation deadline (2 s after it starts) passes. */
  private void slotEnds(FullCollectionPacing pacing, long s, long usedNow) {
    slot = s;
    used = usedNow;
    scheduler.advanceTo(START.plusSeconds(2 * s + 1));
    pacing.onOutcome(
        new AttestationOutcome(
            SlotNumber.of(s),
            AttestationStatus.ATTESTED,
            "",
            new TreeSet<>(),
            List.of(),
            scheduler.instant()));
    scheduler.advanceTo(START.plusSeconds(2 * s + 2));
  }

  @Test
  void collectsOnlyOnItsTurnAndOnlyWhenTheOldGenerationWouldFillBeforeTheNext() {
    // Position 2 of 4: its turns are the slots 2, 6, 10, ... (one slot in four).
    FullCollectionPacing pacing = pacing(address(3), Optional.of(COMMITTEE));

    slotEnds(pacing, 2, 200 * MB);
    slotEnds(pacing, 3, 280 * MB);
    slotEnds(pacing, 4, 290 * MB);
    // 230 + 1.1 x 30 < 0.98 x 312
    slotEnds(pacing, 6, 230 * MB);
    assertThat(collectedInSlot).isEmpty();

    // 280 + 1.1 x 50 >= 0.98 x 312: collected on the turn, and on no other slot.
    slotEnds(pacing, 9, 300 * MB);
    slotEnds(pacing, 10, 280 * MB);
    slotEnds(pacing, 11, 300 * MB);
    assertThat(collectedInSlot).containsExactly(10L);
    assertThat(registry.get(FullCollectionPacing.PACED).timer().count()).isEqualTo(1);

    // Counted again from what the collection left (180 MB).
    slotEnds(pacing, 14, 220 * MB);
    assertThat(collectedInSlot).containsExactly(10L);
  }

  @Test
  void collectsAtTheSlotsAttestationDeadlineNotWhenItsJobEnds() {
    FullCollectionPacing pacing = pacing(address(9), Optional.of(COMMITTEE));
    slot = 5;
    used = 300 * MB;
    scheduler.advanceTo(START.plusSeconds(11));
    pacing.onOutcome(
        new AttestationOutcome(
            SlotNumber.of(5),
            AttestationStatus.ATTESTED,
            "",
            new TreeSet<>(),
            List.of(),
            scheduler.instant()));

    scheduler.advanceTo(START.plusSeconds(12).minusMillis(1));
    assertThat(collectedInSlot).isEmpty();
    scheduler.advanceTo(START.plusSeconds(12));
    assertThat(collectedInSlot).containsExactly(5L);
  }

  @Test
  void aNodeWithoutAKeyInTheCommitteeCollectsOnAnySlotAndOneThatDoesNotKnowItOnNone() {
    FullCollectionPacing outside = pacing(address(9), Optional.of(COMMITTEE));
    slotEnds(outside, 5, 250 * MB);
    assertThat(collectedInSlot).containsExactly(5L);

    collectedInSlot.clear();
    FullCollectionPacing blind = pacing(address(3), Optional.empty());
    slotEnds(blind, 22, 300 * MB);
    slotEnds(blind, 26, 310 * MB);
    assertThat(collectedInSlot).isEmpty();
  }

  @Test
  void findsTheOldGenerationExactlyWhenAWholeHeapCollectorRunsThisJvm() {
    boolean wholeHeap =
        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
            .anyMatch(gc -> List.of("MarkSweepCompact", "PS MarkSweep").contains(gc.getName()));
    boolean explicitDisabled =
        java.lang.management.ManagementFactory.getRuntimeMXBean()
            .getInputArguments()
            .contains("-XX:+DisableExplicitGC");

    Optional<FullCollectionPacing.OldGenerationGauge> gauge =
        FullCollectionPacing.OldGenerationGauge.detect();

    assertThat(gauge.isPresent()).isEqualTo(wholeHeap && !explicitDisabled);
    gauge.ifPresent(
        g -> {
          OldGeneration now = g.get();
          assertThat(now.capacity()).isPositive();
          assertThat(now.used()).isLessThanOrEqualTo(now.capacity());
        });
  }
}
