package dev.slotstream.core.committee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitteeTest {
  private static final EthAddress A = EthAddress.fromHex("0x" + "aa".repeat(20));
  private static final EthAddress B = EthAddress.fromHex("0x" + "bb".repeat(20));
  private static final EthAddress C = EthAddress.fromHex("0x" + "cc".repeat(20));
  private static final EpochNumber EPOCH = EpochNumber.of(3);
  private static final EpochSeed SEED = EpochSeed.derive(Bytes32.ZERO, EPOCH);

  @Test
  void shouldFindMembersByPositionInDrawOrder() {
    Committee committee = new Committee(EPOCH, SEED, List.of(C, A));

    assertThat(committee.indexOf(C)).hasValue(0);
    assertThat(committee.indexOf(A)).hasValue(1);
    assertThat(committee.indexOf(B)).isEmpty();
    assertThat(committee.contains(A)).isTrue();
    assertThat(committee.contains(B)).isFalse();
    assertThat(committee.isProposer(committee.proposerFor(SlotNumber.of(96)), SlotNumber.of(96)))
        .isTrue();
  }

  @Test
  void shouldRefuseEmptyOrDuplicatedCommittees() {
    assertThatThrownBy(() -> new Committee(EPOCH, SEED, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Committee(EPOCH, SEED, List.of(A, B, A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
  }

  @Test
  void shouldRefuseASeedOfAnotherEpoch() {
    assertThatThrownBy(() -> new Committee(EPOCH.next(), SEED, List.of(A)))
        .hasMessage("seed of epoch 3 used for committee of epoch 4");
  }

  @Test
  void shouldNotBeChangedThroughTheListItWasBuiltFrom() {
    List<EthAddress> members = new ArrayList<>(List.of(A, B));
    Committee committee = new Committee(EPOCH, SEED, members);
    members.add(C);

    assertThat(committee.members()).containsExactly(A, B);
    assertThatThrownBy(() -> committee.members().add(C))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRefuseEmptyOrDuplicatedValidatorSets() {
    assertThatThrownBy(() -> ValidatorSet.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validator set must not be empty");
    assertThatThrownBy(() -> ValidatorSet.of(A, B, A))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validator " + A + " appears twice, at 0 and 2");
  }

  @Test
  void shouldKeepTheValidatorSetInRegistrationOrder() {
    ValidatorSet set = ValidatorSet.of(C, A, B);

    assertThat(set.members()).containsExactly(C, A, B);
    assertThat(set.indexOf(A)).hasValue(1);
    assertThat(set.indexOf(EthAddress.ZERO)).isEmpty();
    assertThat(set.size()).isEqualTo(3);
  }
}
