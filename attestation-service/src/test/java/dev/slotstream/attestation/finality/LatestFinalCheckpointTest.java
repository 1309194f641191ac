package dev.slotstream.attestation.finality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LatestFinalCheckpointTest {
  private final AttestationFixtures fixtures = new AttestationFixtures(7);
  private final AtomicReference<Fr> l1TipArchive = new AtomicReference<>();
  private final LatestFinalCheckpoint finals =
      new LatestFinalCheckpoint(() -> Optional.ofNullable(l1TipArchive.get()));

  private CheckpointQuorum quorum(Checkpoint checkpoint) {
    return new CheckpointQuorum(
        checkpoint.payload(),
        4,
        List.of(0),
        List.of(fixtures.attest(checkpoint, fixtures.keys().get(0))));
  }

  @Test
  void aFreshServiceCertifiesAnyCheckpoint() {
    assertThat(finals.extendsLatest(quorum(fixtures.checkpoint(SlotNumber.of(5))))).isTrue();
  }

  @Test
  void certifiesOnlyALaterSlotOnTheLatestFinalCheckpoint() {
    Checkpoint c10 = fixtures.checkpoint(SlotNumber.of(10));
    Checkpoint c11 = fixtures.checkpointOn(c10, SlotNumber.of(11));
    finals.onFinal(quorum(c10));
    finals.onFinal(quorum(c11));
    l1TipArchive.set(c11.payload().archive());

    assertThat(finals.extendsLatest(quorum(fixtures.checkpointOn(c11, SlotNumber.of(12)))))
        .as("on the latest final")
        .isTrue();
    assertThat(finals.extendsLatest(quorum(fixtures.checkpointOn(c10, SlotNumber.of(11)))))
        .as("a second checkpoint of a final slot")
        .isFalse();
    assertThat(finals.extendsLatest(quorum(fixtures.checkpointOn(c10, SlotNumber.of(12)))))
        .as("on an earlier final checkpoint while the latest one is on L1 (a stale proposer)")
        .isFalse();
  }

  @Test
  void afterAPruneTheL1TipIsAParent() {
    Checkpoint c10 = fixtures.checkpoint(SlotNumber.of(10));
    Checkpoint c11 = fixtures.checkpointOn(c10, SlotNumber.of(11));
    finals.onFinal(quorum(c10));
    finals.onFinal(quorum(c11));
    // c11 missed its L1 slot: L1's tip is c10, the nodes pruned c11 and build slot 12 on c10.
    l1TipArchive.set(c10.payload().archive());
    Checkpoint onL1Tip = fixtures.checkpointOn(c10, SlotNumber.of(12));

    assertThat(finals.extendsLatest(quorum(onL1Tip))).isTrue();
    finals.onFinal(quorum(onL1Tip));
    assertThat(finals.latest().orElseThrow().slot()).isEqualTo(SlotNumber.of(12));
  }

  @Test
  void withoutAnAnsweringL1OnlyTheLatestFinalCheckpointIsAParent() {
    Checkpoint c10 = fixtures.checkpoint(SlotNumber.of(10));
    Checkpoint c11 = fixtures.checkpointOn(c10, SlotNumber.of(11));
    finals.onFinal(quorum(c10));
    finals.onFinal(quorum(c11));

    assertThat(finals.extendsLatest(quorum(fixtures.checkpointOn(c10, SlotNumber.of(12)))))
        .isFalse();
  }

  @Test
  void closingReleasesTheL1Client() {
    AtomicBoolean closed = new AtomicBoolean();
    L1Tip tip =
        new L1Tip() {
          @Override
          public Optional<Fr> archive() {
            return Optional.empty();
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };

    new LatestFinalCheckpoint(tip).close();

    assertThat(closed).isTrue();
  }
}
