package dev.slotstream.core.consensus;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.ValidatorSetUnknownException;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.time.ReceiveWindow;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@link CheckpointQuorum} the way the L1 contract does before anything is made final:
 * the committee of the slot's epoch, each attestation signed by the member at its position (the
 * record already forbids a position twice), at least ⌊2n/3⌋+1 of them, the slot proposer's
 * checkpoint signature, and arrival within the slot. Nothing in the quorum is taken on trust,
 * not even the attestation service that built it.
 */
public final class QuorumValidator {
  private final RollupContext context;

  public QuorumValidator(RollupContext context) {
    this.context = context;
  }

  public QuorumValidation validate(CheckpointQuorum quorum, Instant arrival) {
    SlotNumber slot = quorum.slotNumber();
    ReceiveWindow window = context.timetable().quorumWindow(slot);
    if (!window.contains(arrival)) {
      return QuorumValidation.reject(
          RejectionReason.OUTSIDE_WINDOW, window.describeMiss("quorum", arrival));
    }
    return validateSignatures(quorum);
  }

  /**
   * Checks a quorum read from a checkpoint that landed on L1: the same checks but the arrival
   * window, since the contract accepted it only during its slot. A node re-checks rather than trust
   * its L1 RPC endpoint.
   */
  public QuorumValidation validateLanded(CheckpointQuorum quorum) {
    return validateSignatures(quorum);
  }

  private QuorumValidation validateSignatures(CheckpointQuorum quorum) {
    SlotNumber slot = quorum.slotNumber();
    Optional<Committee> known = context.epochCache().findCommitteeFor(slot);
    if (known.isEmpty()) {
      return QuorumValidation.reject(
          RejectionReason.VALIDATOR_SET_UNKNOWN,
          ValidatorSetUnknownException.describe(context.timetable().epochOf(slot)));
    }
    Committee committee = known.get();
    if (quorum.committeeSize() != committee.size()) {
      return QuorumValidation.reject(
          RejectionReason.COMMITTEE_MISMATCH,
          "quorum declares a committee of "
              + quorum.committeeSize()
              + " but slot "
              + slot
              + "'s committee has "
              + committee.size());
    }
    if (quorum.attestations().size() < committee.quorum()) {
      return QuorumValidation.reject(
          RejectionReason.INSUFFICIENT_QUORUM,
          quorum.attestations().size()
              + " attestations, slot "
              + slot
              + " needs "
              + committee.quorum()
              + " of "
              + committee.size());
    }
    EthAddress proposer = committee.proposerFor(slot);
    Set<Signature> proposerSignatures = new HashSet<>();
    List<EthAddress> signers = new ArrayList<>(quorum.attestations().size());
    for (int i = 0; i < quorum.attestations().size(); i++) {
      CheckpointAttestation attestation = quorum.attestations().get(i);
      int position = quorum.committeePositions().get(i);
      EthAddress member = committee.get(position);
      Optional<EthAddress> attester = context.signer().recoverAttester(attestation);
      if (attester.isEmpty()) {
        return QuorumValidation.reject(
            RejectionReason.BAD_SIGNATURE,
            "attestation at position " + position + " does not recover");
      }
      if (!attester.get().equals(member)) {
        return QuorumValidation.reject(
            committee.contains(attester.get())
                ? RejectionReason.SIGNER_MISMATCH
                : RejectionReason.NOT_IN_COMMITTEE,
            "attestation at position "
                + position
                + " signed by "
                + attester.get()
                + ", but that position is "
                + member);
      }
      signers.add(member);
      // Honest attesters copy one proposer signature; recover each distinct one once.
      if (proposerSignatures.add(attestation.proposerSignature())) {
        Optional<EthAddress> signedBy = context.signer().recoverProposer(attestation);
        if (signedBy.isEmpty()) {
          return QuorumValidation.reject(
              RejectionReason.BAD_SIGNATURE, "proposer signature does not recover");
        }
        if (!signedBy.get().equals(proposer)) {
          return QuorumValidation.reject(
              RejectionReason.WRONG_PROPOSER,
              "checkpoint signed by "
                  + signedBy.get()
                  + " but slot "
                  + slot
                  + "'s proposer is "
                  + proposer);
        }
      }
    }
    return QuorumValidation.accept(new VerifiedQuorum(quorum, proposer, signers));
  }
}
