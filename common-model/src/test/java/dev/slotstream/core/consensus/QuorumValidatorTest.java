package dev.slotstream.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuorumValidatorTest {
  private static final SlotNumber SLOT = SlotNumber.of(77);

  private final AttestationFixtures fixtures = new AttestationFixtures(5);
  private final QuorumValidator validator = new QuorumValidator(fixtures.network().context());
  private final Committee committee = fixtures.committee(SLOT);
  private final Checkpoint checkpoint = fixtures.checkpoint(SLOT);
  private final Instant inside = fixtures.inside(SLOT);

  /** The committee's keys, in committee order. */
  private List<SigningKey> members() {
    return committee.members().stream()
        .map(
            a ->
                fixtures.keys().stream()
                    .filter(k -> k.address().equals(a))
                    .findFirst()
                    .orElseThrow())
        .toList();
  }

  private CheckpointQuorum quorumOf(
      int committeeSize, List<Integer> positions, List<CheckpointAttestation> attestations) {
    return new CheckpointQuorum(checkpoint.payload(), committeeSize, positions, attestations);
  }

  /** Members at {@code positions} attest honestly. */
  private CheckpointQuorum honest(int... positions) {
    List<CheckpointAttestation> attestations = new ArrayList<>();
    for (int p : positions) {
      attestations.add(fixtures.attest(checkpoint, members().get(p)));
    }
    return quorumOf(committee.size(), IntStream.of(positions).boxed().toList(), attestations);
  }

  private QuorumValidation validate(CheckpointQuorum quorum) {
    return validator.validate(quorum, inside);
  }

  @Test
  void shouldCertifyAQuorumOfCommitteeMembersInTheirPositions() {
    QuorumValidation result = validate(honest(0, 1, 3));
    assertThat(result.isValid()).as(result.toString()).isTrue();
    VerifiedQuorum verified = result.verified().orElseThrow();
    assertThat(verified.signers())
        .containsExactly(committee.get(0), committee.get(1), committee.get(3));
    assertThat(verified.proposer()).isEqualTo(committee.proposerFor(SLOT));
    assertThat(verified.payload()).isEqualTo(checkpoint.payload());
  }

  @Test
  void shouldRefuseSignaturesByKeysOutsideTheCommittee() {
    List<CheckpointAttestation> forged =
        IntStream.range(0, 3)
            .mapToObj(i -> fixtures.attest(checkpoint, SigningKey.fromSeed("outsider-" + i)))
            .toList();
    QuorumValidation result = validate(quorumOf(committee.size(), List.of(0, 1, 2), forged));
    assertThat(result.reason()).contains(RejectionReason.NOT_IN_COMMITTEE);
  }

  @Test
  void shouldRefuseAQuorumThatDeclaresASmallerCommittee() {
    CheckpointAttestation outsider = fixtures.attest(checkpoint, SigningKey.fromSeed("outsider"));
    QuorumValidation result = validate(quorumOf(1, List.of(0), List.of(outsider)));
    assertThat(result.reason()).contains(RejectionReason.COMMITTEE_MISMATCH);
  }

  @Test
  void shouldRefuseFewerThanTwoThirdsPlusOneSignatures() {
    assertThat(committee.quorum()).isEqualTo(3);
    assertThat(validate(honest(0, 2)).reason()).contains(RejectionReason.INSUFFICIENT_QUORUM);
  }

  @Test
  void shouldRefuseAMemberSignatureAtAnotherMembersPosition() {
    List<SigningKey> m = members();
    List<CheckpointAttestation> swapped =
        List.of(
            fixtures.attest(checkpoint, m.get(1)),
            fixtures.attest(checkpoint, m.get(0)),
            fixtures.attest(checkpoint, m.get(2)));
    QuorumValidation result = validate(quorumOf(committee.size(), List.of(0, 1, 2), swapped));
    assertThat(result.reason()).contains(RejectionReason.SIGNER_MISMATCH);
  }

  @Test
  void shouldRefuseOneMemberSigningForTwoPositions() {
    CheckpointAttestation once = fixtures.attest(checkpoint, members().get(0));
    QuorumValidation result =
        validate(
            quorumOf(
                committee.size(),
                List.of(0, 1, 2),
                List.of(once, once, fixtures.attest(checkpoint, members().get(2)))));
    assertThat(result.reason()).contains(RejectionReason.SIGNER_MISMATCH);
  }

  @Test
  void shouldRefuseACheckpointSignedByAnyoneButTheSlotsProposer() {
    SigningKey impostor = fixtures.network().nonProposerKey(SLOT);
    Checkpoint forged = fixtures.checkpoint(SLOT, impostor);
    List<CheckpointAttestation> attestations =
        IntStream.range(0, 3).mapToObj(p -> fixtures.attest(forged, members().get(p))).toList();
    QuorumValidation result =
        validator.validate(
            new CheckpointQuorum(
                forged.payload(), committee.size(), List.of(0, 1, 2), attestations),
            inside);
    assertThat(result.reason()).contains(RejectionReason.WRONG_PROPOSER);
  }

  @Test
  void shouldRefuseAttestationsSignedForAnotherChainOrRollup() {
    ProtocolSigner otherChain =
        new ProtocolSigner(SigningDomain.of(TestNetwork.CHAIN_ID + 1, TestNetwork.ROLLUP));
    ProtocolSigner otherRollup =
        new ProtocolSigner(
            SigningDomain.of(TestNetwork.CHAIN_ID, EthAddress.fromHex("0x" + "42".repeat(20))));
    for (ProtocolSigner foreign : List.of(otherChain, otherRollup)) {
      List<CheckpointAttestation> attestations =
          IntStream.range(0, 3)
              .mapToObj(
                  p ->
                      new CheckpointAttestation(
                          checkpoint.payload(),
                          foreign.sign(
                              checkpoint.payload().as(MessageKind.CHECKPOINT_ATTESTATION),
                              members().get(p)),
                          checkpoint.proposerSignature()))
              .toList();
      QuorumValidation result =
          validate(quorumOf(committee.size(), List.of(0, 1, 2), attestations));
      assertThat(result.reason()).as(foreign.toString()).contains(RejectionReason.NOT_IN_COMMITTEE);
    }
  }

  @Test
  void shouldRefuseAQuorumOutsideItsSlot() {
    CheckpointQuorum quorum = honest(0, 1, 2);
    var window = fixtures.network().context().timetable().quorumWindow(SLOT);
    assertThat(validator.validate(quorum, window.opensAt()).isValid()).isTrue();
    assertThat(validator.validate(quorum, window.closesAt()).isValid()).isTrue();
    assertThat(validator.validate(quorum, window.opensAt().minusMillis(1)).reason())
        .contains(RejectionReason.OUTSIDE_WINDOW);
    assertThat(validator.validate(quorum, window.closesAt().plusMillis(1)).reason())
        .contains(RejectionReason.OUTSIDE_WINDOW);
  }
}
