package dev.slotstream.validator.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.duty.CallerRunsExecutorService;
import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.core.validator.YoungCollectionPacer.Eden;
import dev.slotstream.validator.node.YoungCollectionPacing.EdenGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class YoungCollectionPacingTest {
  private static final long MB = 1 << 20;
  private static final long CAPACITY = 32 * MB;
  private static final Instant START = Instant.parse("2026-12-06T00:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualDutyScheduler scheduler = new ManualDutyScheduler(START);
  private final List<Long> filledInSlot = new ArrayList<>();
  private long used;
  private long youngCollections;
  private long slot;

  /** An eden that collects once 1 MB of fillers has been allocated into it. */
  private final EdenGauge gauge =
      new EdenGauge() {
        private int reads;

        @Override
        public Eden read() {
          return new Eden(used, CAPACITY, youngCollections);
        }

        @Override
        public long collections() {
          if (++reads > 16) { // 16 fillers of 64 KB
            reads = 0;
            youngCollections++;
            used = 0;
            filledInSlot.add(slot);
          }
          return youngCollections;
        }
      };

  private YoungCollectionPacing pacing() {
    return new YoungCollectionPacing(
        gauge,
        scheduler,
        s -> START.plusSeconds(2 * s.value() + 2),
        new CallerRunsExecutorService(),
        registry);
  }

  /** Slot {@code s}'s job ends with {@code usedNow} in eden, then its attestation deadline passes. */
  private void slotEnds(YoungCollectionPacing pacing, long s, long usedNow) {
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
    assertThat(filledInSlot).as("nothing filled before the deadline").doesNotContain(s);
    scheduler.advanceTo(START.plusSeconds(2 * s + 2));
  }

  @Test
  void shouldFillAtTheDeadlineOfTheSlotAfterWhichEdenWouldFill() {
    YoungCollectionPacing pacing = pacing();

    slotEnds(pacing, 1, 2 * MB);
    slotEnds(pacing, 2, 12 * MB); // 10 MB a slot
    slotEnds(pacing, 3, 22 * MB); // the next slot would reach 32
    slotEnds(pacing, 4, 10 * MB); // 10 MB since the fill
    slotEnds(pacing, 5, 20 * MB);
    slotEnds(pacing, 6, 30 * MB);

    assertThat(filledInSlot).containsExactly(3L, 6L);
    assertThat(registry.get(YoungCollectionPacing.PACED).timer().count()).isEqualTo(2);
  }

  @Test
  void shouldFindEdenUnderThisJvmsCollectorAndMakeItCollect() {
    List<String> withEden = List.of("Copy", "PS Scavenge", "G1 Young Generation");
    boolean hasEden =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .anyMatch(withEden::contains);

    Optional<EdenGauge> real = EdenGauge.detect();

    assertThat(real.isPresent()).isEqualTo(hasEden);
    if (real.isPresent()) {
      Eden before = real.get().read();
      assertThat(before.capacity()).isPositive();
      long allocated =
          YoungCollectionPacing.fillUntilCollected(
              real.get(), 4 * Runtime.getRuntime().maxMemory());
      assertThat(real.get().collections())
          .as("a collection after %d bytes of fillers", allocated)
          .isGreaterThan(before.collections());
      assertThat(allocated).isPositive();
    }
  }
}
