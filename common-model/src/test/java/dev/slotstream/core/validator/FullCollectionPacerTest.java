package dev.slotstream.core.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.EpochSeed;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.FullCollectionPacer.OldGeneration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullCollectionPacerTest {
  private static final long MB = 1 << 20;
  private static final long CAPACITY = 312 * MB;

  private static EthAddress member(int i) {
    return EthAddress.fromHex("0x" + String.format("%040x", i + 1));
  }

  private static Committee committee(int size) {
    List<EthAddress> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      members.add(member(i));
    }
    EpochNumber epoch = EpochNumber.of(1);
    return new Committee(epoch, EpochSeed.derive(Bytes32.ZERO, epoch), members);
  }

  @Test
  void atMostTheMembersAQuorumCanSpareShareATurnAndEveryMemberHasOne() {
    assertThat(FullCollectionPacer.turns(1)).isZero();
    assertThat(FullCollectionPacer.turns(3)).isZero();
    assertThat(FullCollectionPacer.turns(4)).isEqualTo(4);
    for (int n = 4; n <= 48; n++) {
      Committee committee = committee(n);
      int spare = n - committee.quorum();
      int turns = FullCollectionPacer.turns(n);
      int[] members = new int[turns];
      for (int p = 0; p < n; p++) {
        int hits = 0;
        for (long slot = 0; slot < turns; slot++) {
          if (FullCollectionPacer.isTurn(SlotNumber.of(slot), committee, List.of(member(p)))) {
            members[(int) slot]++;
            hits++;
          }
        }
        assertThat(hits).as("turns of position %d of %d", p, n).isEqualTo(1);
      }
      assertThat(java.util.Arrays.stream(members).max().orElseThrow())
          .as("most members in one turn, n=%d", n)
          .isLessThanOrEqualTo(spare);
    }
  }

  @Test
  void theFourValidatorsOfTheDevnetTakeTurnsSlotBySlot() {
    Committee committee = committee(4);
    for (int p = 0; p < 4; p++) {
      for (long slot = 100; slot < 108; slot++) {
        assertThat(FullCollectionPacer.isTurn(SlotNumber.of(slot), committee, List.of(member(p))))
            .isEqualTo(slot % 4 == p);
      }
    }
  }

  @Test
  void aNodeOutsideTheCommitteeHasEveryTurnAndOneWhoseKeysDisagreeHasNone() {
    Committee committee = committee(7);
    assertThat(FullCollectionPacer.isTurn(SlotNumber.of(5), committee, List.of(member(9))))
        .isTrue();
    assertThat(FullCollectionPacer.isTurn(SlotNumber.of(5), committee, List.of())).isTrue();
    // 7 members: 4 turns; positions 1 and 5 share one, 1 and 2 do not.
    assertThat(
            FullCollectionPacer.isTurn(SlotNumber.of(5), committee, List.of(member(1), member(5))))
        .isTrue();
    for (long slot = 0; slot < 4; slot++) {
      assertThat(
              FullCollectionPacer.isTurn(
                  SlotNumber.of(slot), committee, List.of(member(1), member(2))))
          .isFalse();
    }
    assertThat(FullCollectionPacer.isTurn(SlotNumber.of(0), committee(3), List.of(member(0))))
        .isFalse();
  }

  @Test
  void collectsWhenTheNextTurnsGrowthWouldNotFitAndCountsFromWhatItsCollectionLeft() {
    FullCollectionPacer pacer = new FullCollectionPacer();

    assertThat(pacer.shouldCollect(new OldGeneration(150 * MB, CAPACITY, 0))).isFalse();
    assertThat(pacer.growthPerTurn()).isEqualTo(-1);
    assertThat(pacer.shouldCollect(new OldGeneration(190 * MB, CAPACITY, 0))).isFalse();
    assertThat(pacer.growthPerTurn()).isEqualTo(40 * MB);
    // 230 + 1.1 x 40 = 274 MB < 0.98 x 312 = 305.8 MB
    assertThat(pacer.shouldCollect(new OldGeneration(230 * MB, CAPACITY, 0))).isFalse();
    // 270 + 44 >= 305.8
    assertThat(pacer.shouldCollect(new OldGeneration(270 * MB, CAPACITY, 0))).isTrue();
    pacer.collected(new OldGeneration(180 * MB, CAPACITY, 1));

    assertThat(pacer.shouldCollect(new OldGeneration(225 * MB, CAPACITY, 1))).isFalse();
    assertThat(pacer.growthPerTurn()).isEqualTo(45 * MB);
  }

  @Test
  void aCollectionBetweenTwoTurnsIsNotTakenForGrowth() {
    FullCollectionPacer pacer = new FullCollectionPacer();
    pacer.shouldCollect(new OldGeneration(200 * MB, CAPACITY, 0));
    pacer.shouldCollect(new OldGeneration(240 * MB, CAPACITY, 0));

    // A full collection of its own (the heap could not wait): the drop says nothing of growth.
    assertThat(pacer.shouldCollect(new OldGeneration(190 * MB, CAPACITY, 1))).isFalse();
    assertThat(pacer.growthPerTurn()).isEqualTo(40 * MB);
    // 250 + 1.1 x 60 >= 305.8
    assertThat(pacer.shouldCollect(new OldGeneration(250 * MB, CAPACITY, 1))).isTrue();
    assertThat(pacer.growthPerTurn()).isEqualTo(60 * MB);
  }

  @Test
  void beforeAnyGrowthIsKnownOnlyAFullOldGenerationIsCollected() {
    assertThat(new FullCollectionPacer().shouldCollect(new OldGeneration(230 * MB, CAPACITY, 3)))
        .isFalse();
    assertThat(new FullCollectionPacer().shouldCollect(new OldGeneration(240 * MB, CAPACITY, 3)))
        .isTrue();
  }
}
