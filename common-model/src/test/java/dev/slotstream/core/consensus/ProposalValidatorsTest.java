package dev.slotstream.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.ContentCommitment;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProposalValidatorsTest {
  private static final SlotNumber SLOT = SlotNumber.of(1488);

  private final TestNetwork network = new TestNetwork(4);
  private final RollupContext context = network.context();
  private final RandomData data = new RandomData(7);
  private final BlockProposalValidator blockValidator = new BlockProposalValidator(context);
  private final CheckpointProposalValidator checkpointValidator =
      new CheckpointProposalValidator(context);
  private final CheckpointAttestationValidator attestationValidator =
      new CheckpointAttestationValidator(context);
  private final Instant inSlot = network.slotStart(SLOT).plusMillis(500);

  private GlobalVariables globals(SlotNumber slot, long chainId) {
    return new GlobalVariables(
        chainId,
        TestNetwork.VERSION,
        BlockNumber.of(10),
        slot,
        network.slotStart(slot).getEpochSecond(),
        data.address(),
        data.address(),
        data.gasFees());
  }

  private BlockProposal block(
      SigningKey signer, SlotNumber slot, int index, long chainId, Fr archive, Fr inHash) {
    BlockHeader header = data.blockHeader(globals(slot, chainId));
    return context
        .signer()
        .signBlock(
            new BlockProposalPayload(header, index, inHash, archive, List.of()),
            signer,
            Optional.empty());
  }

  private BlockProposal block(SigningKey signer, int index) {
    return block(signer, SLOT, index, TestNetwork.CHAIN_ID, data.fr(), data.fr());
  }

  private CheckpointProposal checkpoint(
      SigningKey blockSigner, SigningKey checkpointSigner, long timestamp) {
    Fr archive = data.fr();
    Fr inHash = data.fr();
    BlockProposal last = block(blockSigner, SLOT, 4, TestNetwork.CHAIN_ID, archive, inHash);
    GlobalVariables g = last.payload().blockHeader().globalVariables();
    CheckpointHeader header =
        new CheckpointHeader(
            data.fr(),
            data.fr(),
            new ContentCommitment(data.fr(), inHash, data.fr()),
            SLOT,
            timestamp,
            g.coinbase(),
            g.feeRecipient(),
            g.gasFees(),
            0);
    return context
        .signer()
        .signCheckpoint(new CheckpointPayload(header, archive), last, checkpointSigner);
  }

  private long slotTimestamp() {
    return network.slotStart(SLOT).getEpochSecond();
  }

  @Test
  void shouldAcceptBlockFromTheSlotsProposer() {
    ValidationResult result = blockValidator.validate(block(network.proposerKey(SLOT), 0), inSlot);
    assertThat(result.isValid()).isTrue();
    assertThat(result.signer()).contains(network.proposerKey(SLOT).address());
  }

  @Test
  void shouldRejectBlockFromAnotherValidator() {
    ValidationResult result =
        blockValidator.validate(block(network.nonProposerKey(SLOT), 0), inSlot);
    assertThat(result.reason()).contains(RejectionReason.WRONG_PROPOSER);
    assertThat(result).hasToString("WRONG_PROPOSER: " + result.detail());
  }

  @Test
  void shouldRejectForeignChainBeforeRecoveringAnySignature() {
    BlockProposal foreign =
        block(network.proposerKey(SLOT), SLOT, 0, TestNetwork.CHAIN_ID + 1, data.fr(), data.fr());
    assertThat(blockValidator.validate(foreign, inSlot).reason())
        .contains(RejectionReason.FOREIGN_CONTEXT);
  }

  @Test
  void shouldRejectBlockArrivingAfterItsSlotsWindow() {
    Instant late = context.timetable().attestationDeadline(SLOT).plus(Duration.ofSeconds(1));
    assertThat(blockValidator.validate(block(network.proposerKey(SLOT), 0), late).reason())
        .contains(RejectionReason.OUTSIDE_WINDOW);
  }

  @Test
  void shouldAcceptBlockArrivingJustBeforeSlotStartWithinClockTolerance() {
    Instant early = network.slotStart(SLOT).minusMillis(400);
    assertThat(blockValidator.validate(block(network.proposerKey(SLOT), 0), early).isValid())
        .isTrue();
  }

  @Test
  void shouldRejectIndexBeyondTheBlocksThatFitTheSlot() {
    int beyond = context.timetable().blocksPerSlot();
    assertThat(blockValidator.validate(block(network.proposerKey(SLOT), beyond), inSlot).reason())
        .contains(RejectionReason.INDEX_OUT_OF_BOUNDS);
  }

  @Test
  void shouldRejectBlockWhoseSignatureWasMadeForAnotherKind() {
    BlockProposal honest = block(network.proposerKey(SLOT), 0);
    // A proposer signature over the same bytes but as a different EIP-712 type recovers elsewhere.
    CheckpointProposal cp =
        checkpoint(network.proposerKey(SLOT), network.proposerKey(SLOT), slotTimestamp());
    BlockProposal forged = new BlockProposal(honest.payload(), cp.signature(), Optional.empty());
    assertThat(blockValidator.validate(forged, inSlot).isValid()).isFalse();
  }

  @Test
  void shouldAcceptCheckpointSignedByTheProposerForBothParts() {
    SigningKey proposer = network.proposerKey(SLOT);
    assertThat(
            checkpointValidator
                .validate(checkpoint(proposer, proposer, slotTimestamp()), inSlot)
                .isValid())
        .isTrue();
  }

  @Test
  void shouldRejectCheckpointWhoseLastBlockHasAnotherSigner() {
    CheckpointProposal cp =
        checkpoint(network.nonProposerKey(SLOT), network.proposerKey(SLOT), slotTimestamp());
    assertThat(checkpointValidator.validate(cp, inSlot).reason())
        .contains(RejectionReason.SIGNER_MISMATCH);
  }

  @Test
  void shouldRejectCheckpointWithATimestampOtherThanItsSlotStart() {
    SigningKey proposer = network.proposerKey(SLOT);
    CheckpointProposal cp = checkpoint(proposer, proposer, slotTimestamp() + 1);
    assertThat(checkpointValidator.validate(cp, inSlot).reason())
        .contains(RejectionReason.INCONSISTENT_HEADER);
  }

  @Test
  void shouldAcceptAttestationFromACommitteeMember() {
    SigningKey proposer = network.proposerKey(SLOT);
    CheckpointProposal cp = checkpoint(proposer, proposer, slotTimestamp());
    SigningKey attester = network.nonProposerKey(SLOT);
    CheckpointAttestation attestation = context.signer().attest(cp, attester);
    ValidationResult result = attestationValidator.validate(attestation, inSlot);
    assertThat(result.isValid()).isTrue();
    assertThat(result.signer()).contains(attester.address());
  }

  @Test
  void shouldRejectAttestationFromOutsideTheCommittee() {
    SigningKey proposer = network.proposerKey(SLOT);
    CheckpointProposal cp = checkpoint(proposer, proposer, slotTimestamp());
    CheckpointAttestation attestation =
        context.signer().attest(cp, SigningKey.fromSeed("outsider"));
    assertThat(attestationValidator.validate(attestation, inSlot).reason())
        .contains(RejectionReason.NOT_IN_COMMITTEE);
  }

  @Test
  void shouldRejectAttestationCarryingAProposalFromTheWrongProposer() {
    SigningKey impostor = network.nonProposerKey(SLOT);
    CheckpointProposal cp = checkpoint(impostor, impostor, slotTimestamp());
    CheckpointAttestation attestation = context.signer().attest(cp, network.keys().get(0));
    assertThat(attestationValidator.validate(attestation, inSlot).reason())
        .contains(RejectionReason.WRONG_PROPOSER);
  }

  @Test
  void shouldRejectAttestationForAnOldSlot() {
    SigningKey proposer = network.proposerKey(SLOT);
    CheckpointProposal cp = checkpoint(proposer, proposer, slotTimestamp());
    CheckpointAttestation attestation = context.signer().attest(cp, network.keys().get(0));
    Instant twoSlotsLater = network.slotStart(SlotNumber.of(SLOT.value() + 2));
    assertThat(attestationValidator.validate(attestation, twoSlotsLater).reason())
        .contains(RejectionReason.OUTSIDE_WINDOW);
  }
}
