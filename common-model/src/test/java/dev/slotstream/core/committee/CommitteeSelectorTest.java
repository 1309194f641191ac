package dev.slotstream.core.committee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.math.BigInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.crypto.Hash;

class CommitteeSelectorTest {
  private static final Bytes32 BASE_SEED = Bytes32.fromHex("0x" + "11".repeat(32));
  private static final EpochNumber EPOCH = EpochNumber.of(9);

  private static EthAddress address(int i) {
    return EthAddress.fromHex(String.format("0x%040x", i));
  }

  private static ValidatorSet validators(int n) {
    return ValidatorSet.of(IntStream.rangeClosed(1, n).mapToObj(i -> address(i)).toList());
  }

  private static final ValidatorSet FIVE = validators(5);

  @Test
  void shouldDeriveTheEpochSeedAsKeccakOfAbiEncodedBaseSeedAndEpoch() {
    byte[] preimage = new byte[64];
    System.arraycopy(BASE_SEED.toArray(), 0, preimage, 0, 32);
    preimage[63] = 9;

    EpochSeed seed = EpochSeed.derive(BASE_SEED, EPOCH);

    assertThat(seed.epoch()).isEqualTo(EPOCH);
    assertThat(seed.value().toArray()).isEqualTo(Hash.sha3(preimage));
    assertThat(seed.value())
        .isEqualTo(
            Bytes32.fromHex("0xef7cb22f2dfd7733a3f2a30d2a5c86511f1dd51929266b062ead7a4cdcd0f08b"));
  }

  // Frozen vector, cross-checked against an independent keccak implementation:
  // draws r = 3, 0, 2, 0, 0 over idx [0..4] with swap-remove give positions 3, 0, 2, 4, 1.
  @Test
  void shouldSelectTheKnownCommitteeForAFixedSeedAndFiveValidators() {
    Committee full = new CommitteeSelector(5).select(FIVE, BASE_SEED, EPOCH);
    Committee three = new CommitteeSelector(3).select(FIVE, BASE_SEED, EPOCH);

    assertThat(full.members())
        .containsExactly(address(4), address(1), address(3), address(5), address(2));
    assertThat(three.members()).containsExactly(address(4), address(1), address(3));
    assertThat(IntStream.range(288, 296).mapToObj(s -> full.proposerFor(SlotNumber.of(s))))
        .containsExactly(
            address(5),
            address(1),
            address(1),
            address(2),
            address(4),
            address(3),
            address(1),
            address(5));
  }

  @Test
  void shouldDrawTheFirstMemberAsDocumentedWhenRecomputedByHand() {
    EpochSeed seed = EpochSeed.derive(BASE_SEED, EPOCH);
    byte[] preimage = new byte[64];
    System.arraycopy(seed.value().toArray(), 0, preimage, 0, 32); // abi.encode(seed, uint256(0))
    BigInteger draw = new BigInteger(1, Hash.sha3(preimage));
    int firstIndex = draw.mod(BigInteger.valueOf(5)).intValue();

    Committee committee = new CommitteeSelector(5).select(FIVE, seed);

    assertThat(draw.toString(16))
        .isEqualTo("c3ba84060722f0cd142e0d95f53b3e6d738bced1e1159fe19b1d447c333dd51e");
    assertThat(firstIndex).isEqualTo(3);
    assertThat(committee.get(0)).isEqualTo(FIVE.get(firstIndex));
  }

  @Test
  void shouldPickTheProposerAsDocumentedWhenRecomputedByHand() {
    EpochSeed seed = EpochSeed.derive(BASE_SEED, EPOCH);
    Committee committee = new CommitteeSelector(5).select(FIVE, seed);
    SlotNumber slot = SlotNumber.of(291);
    byte[] preimage = new byte[64];
    System.arraycopy(seed.value().toArray(), 0, preimage, 0, 32);
    preimage[62] = 0x01;
    preimage[63] = 0x23; // 291 = 0x0123
    int expected = new BigInteger(1, Hash.sha3(preimage)).mod(BigInteger.valueOf(5)).intValue();

    assertThat(committee.proposerIndexFor(slot)).isEqualTo(expected);
    assertThat(committee.proposerFor(slot)).isEqualTo(committee.get(expected));
  }

  @Test
  void shouldSelectTheSameCommitteeForTheSameSeed() {
    ValidatorSet set = validators(100);
    CommitteeSelector selector = new CommitteeSelector(48);

    assertThat(selector.select(set, BASE_SEED, EPOCH))
        .isEqualTo(selector.select(set, BASE_SEED, EPOCH));
  }

  @Test
  void shouldSelectADifferentCommitteeInADifferentEpochOrWithADifferentSeed() {
    ValidatorSet set = validators(100);
    CommitteeSelector selector = new CommitteeSelector(48);
    Committee epoch9 = selector.select(set, BASE_SEED, EPOCH);

    assertThat(selector.select(set, BASE_SEED, EPOCH.next()).members())
        .isNotEqualTo(epoch9.members());
    assertThat(selector.select(set, Bytes32.fromHex("0x" + "22".repeat(32)), EPOCH).members())
        .isNotEqualTo(epoch9.members());
  }

  @Test
  void shouldNeverRepeatAMemberAndOnlyDrawRegisteredValidators() {
    ValidatorSet set = validators(60);
    CommitteeSelector selector = new CommitteeSelector(48);

    for (long e = 0; e < 50; e++) {
      Committee committee = selector.select(set, BASE_SEED, EpochNumber.of(e));
      assertThat(committee.members()).hasSize(48).doesNotHaveDuplicates();
      assertThat(set.members()).containsAll(committee.members());
    }
  }

  @Test
  void shouldSizeTheCommitteeAsTheSmallerOfTargetAndSet() {
    assertThat(new CommitteeSelector(48).select(validators(100), BASE_SEED, EPOCH).size())
        .isEqualTo(48);
    assertThat(new CommitteeSelector(48).select(validators(10), BASE_SEED, EPOCH).size())
        .isEqualTo(10);
    assertThat(new CommitteeSelector(48).select(validators(1), BASE_SEED, EPOCH).members())
        .containsExactly(address(1));
    assertThat(new CommitteeSelector(48).select(validators(10), BASE_SEED, EPOCH).members())
        .containsExactlyInAnyOrderElementsOf(validators(10).members());
  }

  @Test
  void shouldRefuseANonPositiveTargetCommitteeSize() {
    assertThatThrownBy(() -> new CommitteeSelector(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "quorum({0}) = {1}")
  @CsvSource({"1,1", "2,2", "3,3", "4,3", "5,4", "6,5", "7,5", "10,7", "48,33", "100,67"})
  void shouldRequireMoreThanTwoThirdsForQuorum(int size, int quorum) {
    assertThat(Committee.quorum(size)).isEqualTo(quorum);
    assertThat(3L * Committee.quorum(size)).isGreaterThan(2L * size);
    assertThat(3L * (Committee.quorum(size) - 1)).isLessThanOrEqualTo(2L * size);
  }

  @Test
  void shouldExposeQuorumOfTheCommitteeItself() {
    assertThat(new CommitteeSelector(48).select(validators(100), BASE_SEED, EPOCH).quorum())
        .isEqualTo(33);
  }

  @Test
  void shouldAlwaysPickTheProposerFromTheCommittee() {
    Committee committee = new CommitteeSelector(48).select(validators(100), BASE_SEED, EPOCH);

    for (long s = 0; s < 2_000; s++) {
      assertThat(committee.contains(committee.proposerFor(SlotNumber.of(s)))).isTrue();
    }
  }

  @Test
  void shouldSpreadProposalsRoughlyUniformlyOverTheCommittee() {
    int size = 10;
    int slots = 20_000;
    Committee committee = new CommitteeSelector(size).select(validators(30), BASE_SEED, EPOCH);
    int[] counts = new int[size];
    for (long s = 0; s < slots; s++) {
      counts[committee.proposerIndexFor(SlotNumber.of(s))]++;
    }

    double expected = (double) slots / size;
    double chiSquare = 0;
    for (int c : counts) {
      chiSquare += (c - expected) * (c - expected) / expected;
    }
    // 9 degrees of freedom: 27.9 is the 0.1% critical value; the seed is fixed, so never flaky.
    assertThat(chiSquare).isLessThan(27.9);
  }

  @Test
  void shouldSpreadCommitteeSeatsRoughlyUniformlyOverTheValidators() {
    int n = 20;
    int epochs = 2_000;
    CommitteeSelector selector = new CommitteeSelector(5);
    ValidatorSet set = validators(n);
    int[] seats = new int[n];
    for (long e = 0; e < epochs; e++) {
      for (EthAddress member : selector.select(set, BASE_SEED, EpochNumber.of(e)).members()) {
        seats[set.indexOf(member).orElseThrow()]++;
      }
    }

    double expected = epochs * 5.0 / n;
    double chiSquare = 0;
    for (int c : seats) {
      chiSquare += (c - expected) * (c - expected) / expected;
    }
    // 19 degrees of freedom: 43.8 is the 0.1% critical value.
    assertThat(chiSquare).isLessThan(43.8);
  }
}
