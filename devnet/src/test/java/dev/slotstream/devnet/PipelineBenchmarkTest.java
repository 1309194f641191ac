package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.devnet.PipelineBenchmark.Reception;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

class PipelineBenchmarkTest {
  private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

  @Test
  void receptionsAreNumberedInSlotOrderAndTimedFromTheirOwnBroadcast() {
    NetworkDevnet.Slot later = slot(Map.of(0, 100L), Map.of("v0", Map.of(0, 103L)));
    NetworkDevnet.Slot earlier =
        slot(Map.of(0, 0L, 1, 50L), Map.of("v0", Map.of(0, 7L, 1, 52L), "v1", Map.of(1, 61L)));
    Map<Long, NetworkDevnet.Slot> bySlot = new TreeMap<>(Map.of(42L, later, 41L, earlier));

    List<Reception> receptions = PipelineBenchmark.receptions(bySlot);

    assertThat(receptions)
        .containsExactlyInAnyOrder(
            new Reception(0, 0, "v0", Duration.ofMillis(7)),
            new Reception(0, 1, "v0", Duration.ofMillis(2)),
            new Reception(0, 1, "v1", Duration.ofMillis(11)),
            new Reception(1, 0, "v0", Duration.ofMillis(3)));
  }

  @Test
  void aReceptionWithoutItsBroadcastIsLeftOut() {
    NetworkDevnet.Slot slot = slot(Map.of(1, 10L), Map.of("v2", Map.of(0, 5L, 1, 14L)));

    assertThat(PipelineBenchmark.receptions(slot, 3))
        .containsExactly(new Reception(3, 1, "v2", Duration.ofMillis(4)));
  }

  @Test
  void eachBlockCountsOnceWithItsFirstReception() {
    List<Reception> receptions =
        List.of(
            new Reception(0, 0, "v0", Duration.ofMillis(9)),
            new Reception(0, 0, "v1", Duration.ofMillis(3)),
            new Reception(0, 1, "v0", Duration.ofMillis(4)),
            new Reception(1, 0, "v0", Duration.ofMillis(12)),
            new Reception(1, 0, "v2", Duration.ofMillis(15)));

    assertThat(PipelineBenchmark.firstPerBlock(receptions))
        .containsExactlyInAnyOrder(
            Duration.ofMillis(3), Duration.ofMillis(4), Duration.ofMillis(12));
  }

  @Test
  void theStatsTakeTheSameDelaysAsTheReceptions() {
    NetworkDevnet.Slot slot =
        slot(Map.of(0, 0L, 1, 50L), Map.of("v0", Map.of(0, 7L, 1, 52L), "v1", Map.of(1, 61L)));

    PipelineBenchmark.Stats stats =
        PipelineBenchmark.Stats.of(List.of(slot), 1, Duration.ofSeconds(2));

    assertThat(stats.broadcastToReceived())
        .containsExactlyInAnyOrder(
            Duration.ofMillis(7), Duration.ofMillis(2), Duration.ofMillis(11));
  }

  @Test
  void aSpreadNamesItsMedianP99AndCount() {
    List<Duration> xs = List.of(Duration.ofMillis(4), Duration.ofMillis(2), Duration.ofMillis(30));

    assertThat(PipelineBenchmark.spread(xs)).isEqualTo("median 4.0 ms p99 30.0 ms (n=3)");
  }

  private static NetworkDevnet.Slot slot(
      Map<Integer, Long> broadcastMillis, Map<String, Map<Integer, Long>> receivedMillis) {
    NetworkDevnet.Slot slot = new NetworkDevnet.Slot();
    broadcastMillis.forEach((index, ms) -> slot.broadcastAt.put(index, T0.plusMillis(ms)));
    receivedMillis.forEach(
        (validator, byIndex) -> {
          ConcurrentSkipListMap<Integer, Instant> times = new ConcurrentSkipListMap<>();
          byIndex.forEach((index, ms) -> times.put(index, T0.plusMillis(ms)));
          slot.receivedAt.put(validator, times);
        });
    return slot;
  }
}
