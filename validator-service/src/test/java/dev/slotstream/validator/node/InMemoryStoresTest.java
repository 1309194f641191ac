package dev.slotstream.validator.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.core.validator.EquivocationEvidence;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class InMemoryStoresTest {
  private static final SlotNumber SLOT = SlotNumber.of(1488);

  private static EquivocationEvidence evidence(long slot, int index) {
    return new EquivocationEvidence(
        MessageKind.BLOCK_PROPOSAL, SlotNumber.of(slot), index, EthAddress.ZERO,
        Bytes32.fromHex("0x" + "01".repeat(32)), Bytes32.fromHex("0x" + "02".repeat(32)), new byte[] {1}, new byte[] {2});
  }

  @Test
  void shouldKeepOnlyTheNewestEvidenceAndIgnoreRepeats() {
    EvidenceStore store = new EvidenceStore(2);
    assertThat(store.add(evidence(1, 0))).isTrue();
    assertThat(store.add(evidence(1, 0))).isFalse();
    store.add(evidence(2, 0));
    store.add(evidence(3, 1));
    assertThat(store.all()).extracting(e -> e.slot().value()).containsExactly(2L, 3L);
    assertThat(store.forSlot(SlotNumber.of(3))).hasSize(1);
  }

  @Test
  void shouldKeepTheOutcomesOfTheLastSlotsOnly() {
    RecentOutcomes outcomes = new RecentOutcomes(2);
    for (long s = 0; s < 3; s++) {
      outcomes.record(new AttestationOutcome(SlotNumber.of(s), AttestationStatus.NO_CHECKPOINT, "", new TreeSet<>(), List.of()));
    }
    assertThat(outcomes.get(SlotNumber.of(0))).isEmpty();
    assertThat(outcomes.get(SlotNumber.of(2))).map(AttestationOutcome::status).contains(AttestationStatus.NO_CHECKPOINT);
    assertThat(outcomes.size()).isEqualTo(2);
  }

  @Test
  void shouldForgetBroadcastTimesOfEndedSlotsAndKeepTheFirstTimeSeen() {
    BroadcastTimes times = new BroadcastTimes(10);
    Instant first = Instant.parse("2026-01-01T00:00:01Z");
    times.record(SLOT, 0, first);
    times.record(SLOT, 0, first.plusSeconds(5)); // a replayed duplicate
    times.record(SLOT.next(), 0, first);
    assertThat(times.take(SLOT, 0)).contains(first);
    times.record(SLOT, 1, first);
    times.forgetSlot(SLOT);
    assertThat(times.take(SLOT, 1)).isEmpty();
    assertThat(times.take(SLOT.next(), 0)).contains(first);
  }
}
