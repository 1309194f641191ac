package dev.slotstream.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageTimesTest {
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00.123456789Z");

  @Test
  void answersLikeTheEnumMapItReplacesInStageOrderToTheNanosecond() {
    EnumMap<TxStage, Instant> expected = new EnumMap<>(TxStage.class);
    expected.put(TxStage.CHECKPOINTED, T0.plusMillis(900));
    expected.put(TxStage.PENDING, T0);
    expected.put(TxStage.PROPOSED, T0.plusNanos(1));

    StageTimes times = StageTimes.copyOf(expected);

    assertThat(times).isEqualTo(expected).hasSize(3);
    assertThat(expected).isEqualTo(times);
    assertThat(times.hashCode()).isEqualTo(expected.hashCode());
    assertThat(times.keySet())
        .containsExactly(TxStage.PENDING, TxStage.PROPOSED, TxStage.CHECKPOINTED);
    assertThat(times.get(TxStage.PROPOSED)).isEqualTo(T0.plusNanos(1));
    assertThat(times.get(TxStage.EXECUTED)).isNull();
    assertThat(times.containsKey(TxStage.EXECUTED)).isFalse();
  }

  @Test
  void setFirstKeepsTheFirstTimeOfAStageAndACopyIsNotChangedAfterIt() {
    long[] nanos = StageTimes.none();
    StageTimes.setFirst(nanos, TxStage.PENDING, T0);
    StageTimes pending = StageTimes.of(nanos);

    StageTimes.setFirst(nanos, TxStage.PROPOSED, T0.plusSeconds(1));
    StageTimes.setFirst(nanos, TxStage.PENDING, T0.plusSeconds(5));

    assertThat(StageTimes.of(nanos))
        .containsExactly(
            Map.entry(TxStage.PENDING, T0), Map.entry(TxStage.PROPOSED, T0.plusSeconds(1)));
    assertThat(StageTimes.at(nanos, TxStage.PROPOSED)).isEqualTo(T0.plusSeconds(1));
    assertThat(StageTimes.at(nanos, TxStage.EXECUTED)).isNull();
    assertThat(pending).containsOnlyKeys(TxStage.PENDING);
  }

  @Test
  void isImmutableAndEmptyIsShared() {
    StageTimes times = StageTimes.copyOf(Map.of(TxStage.PENDING, T0));

    assertThatThrownBy(() -> times.put(TxStage.EXECUTED, T0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(StageTimes.copyOf(Map.of())).isSameAs(StageTimes.NONE).isEmpty();
    assertThat(StageTimes.copyOf(Map.of(TxStage.PENDING, Instant.EPOCH.minusNanos(1))))
        .containsEntry(TxStage.PENDING, Instant.EPOCH.minusNanos(1));
  }
}
