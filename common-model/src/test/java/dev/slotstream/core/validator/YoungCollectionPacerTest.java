package dev.slotstream.core.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.YoungCollectionPacer.Eden;
import org.junit.jupiter.api.Test;

class YoungCollectionPacerTest {
  private static final long MB = 1 << 20;
  private static final long CAPACITY = 32 * MB;

  private static SlotNumber slot(long n) {
    return SlotNumber.of(n);
  }

  @Test
  void shouldNotFillBeforeItKnowsWhatASlotAllocates() {
    YoungCollectionPacer pacer = new YoungCollectionPacer();

    assertThat(pacer.shouldFill(slot(1), new Eden(31 * MB, CAPACITY, 0))).isFalse();
    assertThat(pacer.growthPerSlot()).isEqualTo(-1);
  }

  @Test
  void shouldFillWhenTheNextSlotWouldCollectAndNotBefore() {
    YoungCollectionPacer pacer = new YoungCollectionPacer();
    pacer.shouldFill(slot(1), new Eden(2 * MB, CAPACITY, 0));

    // 10 MB a slot: 12 MB in use leaves room for the next slot's 11 (with the margin).
    assertThat(pacer.shouldFill(slot(2), new Eden(12 * MB, CAPACITY, 0))).isFalse();
    assertThat(pacer.growthPerSlot()).isEqualTo(10 * MB);
    assertThat(pacer.shouldFill(slot(3), new Eden(22 * MB, CAPACITY, 0))).isTrue();
  }

  @Test
  void shouldCountTheEdensThatCollectionsEmptiedBetweenTwoSlots() {
    YoungCollectionPacer pacer = new YoungCollectionPacer();
    pacer.shouldFill(slot(1), new Eden(20 * MB, CAPACITY, 4));

    // One collection in between: 12 MB to fill eden, then 6 MB since: 18 MB in the slot.
    assertThat(pacer.shouldFill(slot(2), new Eden(6 * MB, CAPACITY, 5))).isFalse();
    assertThat(pacer.growthPerSlot()).isEqualTo(18 * MB);
    assertThat(pacer.shouldFill(slot(3), new Eden(24 * MB, CAPACITY, 5))).isTrue();
  }

  @Test
  void shouldSpreadTheGrowthOverTheSlotsWithoutAJob() {
    YoungCollectionPacer pacer = new YoungCollectionPacer();
    pacer.shouldFill(slot(10), new Eden(0, CAPACITY, 0));

    assertThat(pacer.shouldFill(slot(14), new Eden(16 * MB, CAPACITY, 0))).isFalse();
    assertThat(pacer.growthPerSlot()).isEqualTo(4 * MB);
  }

  @Test
  void shouldNotFillWhenASlotFillsEdenByItself() {
    YoungCollectionPacer pacer = new YoungCollectionPacer();
    pacer.shouldFill(slot(1), new Eden(4 * MB, CAPACITY, 10));

    // Three collections in one slot: filling at its end would only add a fourth.
    assertThat(pacer.shouldFill(slot(2), new Eden(30 * MB, CAPACITY, 13))).isFalse();
    assertThat(pacer.growthPerSlot()).isEqualTo(122 * MB);
  }

  @Test
  void shouldCountTheNextSlotFromWhatAFillLeft() {
    YoungCollectionPacer pacer = new YoungCollectionPacer();
    pacer.shouldFill(slot(1), new Eden(10 * MB, CAPACITY, 0));
    assertThat(pacer.shouldFill(slot(2), new Eden(25 * MB, CAPACITY, 0))).isTrue();
    // The filler is not the slot's allocation: the fill left 1 MB in eden after its collection.
    pacer.filled(new Eden(MB, CAPACITY, 1));

    assertThat(pacer.shouldFill(slot(3), new Eden(15 * MB, CAPACITY, 1))).isFalse();
    assertThat(pacer.growthPerSlot()).isEqualTo(14 * MB);
  }

  @Test
  void shouldRefuseAnImpossibleEden() {
    assertThatThrownBy(() -> new Eden(-1, CAPACITY, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Eden(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Eden(0, CAPACITY, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
