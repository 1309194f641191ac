package dev.slotstream.core.slashing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The approval rules, checked against both implementations. */
class SlashingProtectorContractTest {
  private static final SlotNumber SLOT = SlotNumber.of(1488);

  enum Impl {
    IN_MEMORY,
    FILE
  }

  @TempDir Path dir;

  private final RandomData random = new RandomData(3076);
  private final EthAddress signer = random.address();
  private final EthAddress other = random.address();
  private final Bytes32 payloadA = random.bytes32();
  private final Bytes32 payloadB = random.bytes32();
  private FileSlashingProtector file;

  private SlashingProtector protector(Impl impl) {
    if (impl == Impl.IN_MEMORY) {
      return new InMemorySlashingProtector();
    }
    file = FileSlashingProtector.open(dir);
    return file;
  }

  @AfterEach
  void closeFile() {
    if (file != null) {
      file.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void shouldAllowANewDutyThenARepeatOfTheSamePayload(Impl impl) {
    SlashingProtector p = protector(impl);
    SigningDuty duty = SigningDuty.blockProposal(signer, SLOT, 3);

    SigningDecision first = p.approve(duty, payloadA);
    SigningDecision again = p.approve(duty, payloadA);

    assertThat(first.verdict()).isEqualTo(SigningVerdict.ALLOWED_NEW);
    assertThat(first.allowed()).isTrue();
    assertThat(again.verdict()).isEqualTo(SigningVerdict.ALLOWED_REPEAT);
    assertThat(again.allowed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void shouldRefuseADifferentPayloadForTheSameDutyOfEveryKind(Impl impl) {
    SlashingProtector p = protector(impl);
    for (SigningDuty duty :
        List.of(
            SigningDuty.blockProposal(signer, SLOT, 2),
            SigningDuty.checkpointProposal(signer, SLOT),
            SigningDuty.checkpointAttestation(signer, SLOT))) {
      p.approve(duty, payloadA);

      SigningDecision decision = p.approve(duty, payloadB);

      assertThat(decision.verdict()).as("%s", duty).isEqualTo(SigningVerdict.REFUSED);
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reason()).contains("equivocate").contains(payloadA.toHex());
    }
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void shouldTreatEachBlockIndexKindAndSignerAsASeparateDuty(Impl impl) {
    SlashingProtector p = protector(impl);
    p.approve(SigningDuty.blockProposal(signer, SLOT, 0), payloadA);

    assertThat(p.approve(SigningDuty.blockProposal(signer, SLOT, 1), payloadB).verdict())
        .isEqualTo(SigningVerdict.ALLOWED_NEW);
    assertThat(p.approve(SigningDuty.checkpointProposal(signer, SLOT), payloadB).verdict())
        .isEqualTo(SigningVerdict.ALLOWED_NEW);
    assertThat(p.approve(SigningDuty.blockProposal(other, SLOT, 0), payloadB).verdict())
        .isEqualTo(SigningVerdict.ALLOWED_NEW);
    assertThat(p.approve(SigningDuty.blockProposal(signer, SLOT.next(), 0), payloadB).verdict())
        .isEqualTo(SigningVerdict.ALLOWED_NEW);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void shouldAllowProposalsForAnEarlierSlotThatWasNeverSigned(Impl impl) {
    SlashingProtector p = protector(impl);
    p.approve(SigningDuty.checkpointProposal(signer, SLOT), payloadA);

    // Proposals have no ordering rule: nothing conflicting was signed for the earlier slot.
    assertThat(
            p.approve(SigningDuty.checkpointProposal(signer, SLOT.previous()), payloadB).verdict())
        .isEqualTo(SigningVerdict.ALLOWED_NEW);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void shouldOnlyAttestToSlotsAboveTheHighestAttestedSlot(Impl impl) {
    SlashingProtector p = protector(impl);
    p.approve(SigningDuty.checkpointAttestation(signer, SLOT), payloadA);

    SigningDecision lower =
        p.approve(SigningDuty.checkpointAttestation(signer, SLOT.previous()), payloadB);
    SigningDecision higher =
        p.approve(SigningDuty.checkpointAttestation(signer, SLOT.next().next()), payloadB);
    SigningDecision skippedSlot =
        p.approve(SigningDuty.checkpointAttestation(signer, SLOT.next()), payloadB);
    SigningDecision otherSigner =
        p.approve(SigningDuty.checkpointAttestation(other, SLOT.previous()), payloadB);

    assertThat(lower.verdict()).isEqualTo(SigningVerdict.REFUSED);
    assertThat(lower.reason()).contains("not above the highest attested slot " + SLOT);
    assertThat(higher.verdict()).isEqualTo(SigningVerdict.ALLOWED_NEW);
    // a slot between earlier attestations is "lower than the highest" too
    assertThat(skippedSlot.verdict()).isEqualTo(SigningVerdict.REFUSED);
    assertThat(otherSigner.verdict()).isEqualTo(SigningVerdict.ALLOWED_NEW);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void shouldAllowRepeatingAnOlderIdenticalAttestation(Impl impl) {
    SlashingProtector p = protector(impl);
    p.approve(SigningDuty.checkpointAttestation(signer, SLOT), payloadA);
    p.approve(SigningDuty.checkpointAttestation(signer, SLOT.next()), payloadB);

    // Re-signing the identical payload is not a new message, so it cannot equivocate.
    assertThat(p.approve(SigningDuty.checkpointAttestation(signer, SLOT), payloadA).verdict())
        .isEqualTo(SigningVerdict.ALLOWED_REPEAT);
    assertThat(p.approve(SigningDuty.checkpointAttestation(signer, SLOT), payloadB).verdict())
        .isEqualTo(SigningVerdict.REFUSED);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void shouldAllowExactlyOneOfTwoThreadsRacingOnTheSameDutyWithDifferentPayloads(Impl impl)
      throws Exception {
    SlashingProtector p = protector(impl);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 200; round++) {
        SigningDuty duty = SigningDuty.blockProposal(signer, SlotNumber.of(round), 0);
        Bytes32 first = random.bytes32();
        Bytes32 second = random.bytes32();
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<SigningDecision>> results = new ArrayList<>();
        for (Bytes32 payload : List.of(first, second)) {
          Callable<SigningDecision> task =
              () -> {
                barrier.await(10, TimeUnit.SECONDS);
                return p.approve(duty, payload);
              };
          results.add(executor.submit(task));
        }

        List<SigningVerdict> verdicts = new ArrayList<>();
        for (Future<SigningDecision> f : results) {
          verdicts.add(f.get(10, TimeUnit.SECONDS).verdict());
        }

        assertThat(verdicts)
            .as("round %d", round)
            .containsExactlyInAnyOrder(SigningVerdict.ALLOWED_NEW, SigningVerdict.REFUSED);
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
