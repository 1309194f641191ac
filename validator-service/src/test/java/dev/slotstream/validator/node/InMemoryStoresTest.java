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

  private static EquivocationEvidence evidence(long slot, int index) {
    return new EquivocationEvidence(
        MessageKind.BLOCK_PROPOSAL,
        SlotNumber.of(slot),
        index,
        EthAddress.ZERO,
        Bytes32.fromHex("0x" + "01".repeat(32)),
        Bytes32.fromHex("0x" + "02".repeat(32)),
        new byte[] {1},
        new byte[] {2});
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
      outcomes.record(
          new AttestationOutcome(
              SlotNumber.of(s),
              AttestationStatus.NO_CHECKPOINT,
              "",
              new TreeSet<>(),
              List.of(),
              Instant.EPOCH));
    }
    assertThat(outcomes.get(SlotNumber.of(0))).isEmpty();
    assertThat(outcomes.get(SlotNumber.of(2)))
        .map(AttestationOutcome::status)
        .contains(AttestationStatus.NO_CHECKPOINT);
    assertThat(outcomes.size()).isEqualTo(2);
  }
}
