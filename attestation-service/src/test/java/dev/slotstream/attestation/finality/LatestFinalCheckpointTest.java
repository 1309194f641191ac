package dev.slotstream.attestation.finality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestFinalCheckpointTest {
  private final AttestationFixtures fixtures = new AttestationFixtures(7);
  private final LatestFinalCheckpoint finals = new LatestFinalCheckpoint();

  private CheckpointQuorum quorum(Checkpoint checkpoint) {
    return new CheckpointQuorum(
        checkpoint.payload(),
        4,
        List.of(0),
        List.of(fixtures.attest(checkpoint, fixtures.keys().get(0))));
  }

  @Test
  void aFreshServiceCertifiesAnyCheckpoint() {
    assertThat(finals.extendsLatest(quorum(fixtures.checkpoint(new SlotNumber(5))))).isTrue();
  }

  @Test
  void certifiesOnlyALaterSlotOnAFinalParent() {
    Checkpoint c10 = fixtures.checkpoint(new SlotNumber(10));
    Checkpoint c11 = fixtures.checkpointOn(c10, new SlotNumber(11));
    finals.onFinal(quorum(c10));
    finals.onFinal(quorum(c11));

    assertThat(finals.extendsLatest(quorum(fixtures.checkpointOn(c11, new SlotNumber(12)))))
        .as("builds on the latest final")
        .isTrue();
    assertThat(finals.extendsLatest(quorum(fixtures.checkpointOn(c10, new SlotNumber(11)))))
        .as("a second checkpoint of a final slot")
        .isFalse();
    assertThat(finals.extendsLatest(quorum(fixtures.checkpoint(new SlotNumber(12)))))
        .as("a parent that was never final (a proposer restarted on an unknown archive)")
        .isFalse();
  }

  @Test
  void afterAPruneAnEarlierFinalCheckpointOrTheOldestParentMayBeTheParent() {
    Checkpoint c10 = fixtures.checkpoint(new SlotNumber(10));
    Checkpoint c11 = fixtures.checkpointOn(c10, new SlotNumber(11));
    finals.onFinal(quorum(c10));
    finals.onFinal(quorum(c11));

    // c11 missed its L1 slot: the nodes pruned it and build slot 12 on c10 (the L1 tip).
    Checkpoint onL1Tip = fixtures.checkpointOn(c10, new SlotNumber(12));
    assertThat(finals.extendsLatest(quorum(onL1Tip))).isTrue();
    // Both missed L1: slot 12 builds on c10's parent.
    Checkpoint onOldest =
        fixtures.checkpointOn(
            new Checkpoint(
                new dev.slotstream.core.message.CheckpointPayload(
                    c10.payload().header(), c10.payload().header().lastArchiveRoot()),
                c10.proposerSignature()),
            new SlotNumber(12));
    assertThat(finals.extendsLatest(quorum(onOldest))).isTrue();

    finals.onFinal(quorum(onL1Tip));
    assertThat(finals.latest().orElseThrow().slot()).isEqualTo(new SlotNumber(12));
  }
}
