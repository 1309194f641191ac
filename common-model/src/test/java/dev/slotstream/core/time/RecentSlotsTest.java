package dev.slotstream.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.SlotNumber;
import org.junit.jupiter.api.Test;

class RecentSlotsTest {
  private static SlotNumber slot(long n) {
    return SlotNumber.of(n);
  }

  @Test
  void shouldKeepTheNewestSlotsAndDropTheLowestWhenFull() {
    RecentSlots<String> recent = new RecentSlots<>(3);
    for (long n = 1; n <= 5; n++) {
      recent.put(slot(n), "s" + n);
    }

    assertThat(recent.size()).isEqualTo(3);
    assertThat(recent.get(slot(2))).isEmpty();
    assertThat(recent.values()).containsExactly("s3", "s4", "s5");
    assertThat(recent.latest()).contains("s5");
  }

  @Test
  void shouldNeverLetALateEntryForAnOldSlotPushOutANewerOne() {
    RecentSlots<String> recent = new RecentSlots<>(2);
    recent.put(slot(10), "s10");
    recent.put(slot(11), "s11");

    recent.put(slot(3), "replayed");
    assertThat(recent.computeIfAbsent(slot(4), s -> "late")).isEqualTo("late");

    assertThat(recent.values()).containsExactly("s10", "s11");
  }

  @Test
  void shouldCreateAnAbsentSlotOnceAndKeepItsValue() {
    RecentSlots<StringBuilder> recent = new RecentSlots<>(2);
    recent.computeIfAbsent(slot(7), s -> new StringBuilder()).append("a");
    recent.computeIfAbsent(slot(7), s -> new StringBuilder()).append("b");

    assertThat(recent.get(slot(7))).map(StringBuilder::toString).contains("ab");
    assertThatThrownBy(() -> new RecentSlots<>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
