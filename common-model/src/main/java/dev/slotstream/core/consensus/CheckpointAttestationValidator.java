package dev.slotstream.core.consensus;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.ValidatorSetUnknownException;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.time.ReceiveWindow;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks an attestation: inside its slot's window, signed by a member of the slot's committee, and
 * carrying a proposer signature from the slot's expected proposer. On success the result's signer
 * is the attester.
 */
public final class CheckpointAttestationValidator {
  private final RollupContext context;

  public CheckpointAttestationValidator(RollupContext context) {
    this.context = context;
  }

  public ValidationResult validate(CheckpointAttestation attestation, Instant arrival) {
    SlotNumber slot = attestation.slotNumber();
    ReceiveWindow window = context.timetable().receiveWindow(slot);
    if (!window.contains(arrival)) {
      return ValidationResult.reject(
          RejectionReason.OUTSIDE_WINDOW, window.describeMiss("attestation", arrival));
    }
    Optional<EthAddress> attester = context.signer().recoverAttester(attestation);
    if (attester.isEmpty()) {
      return ValidationResult.reject(
          RejectionReason.BAD_SIGNATURE, "attester signature does not recover");
    }
    Optional<Committee> known = context.epochCache().findCommitteeFor(slot);
    if (known.isEmpty()) {
      return ValidationResult.reject(
          RejectionReason.VALIDATOR_SET_UNKNOWN,
          ValidatorSetUnknownException.describe(context.timetable().epochOf(slot)));
    }
    Committee committee = known.get();
    if (!committee.contains(attester.get())) {
      return ValidationResult.reject(
          RejectionReason.NOT_IN_COMMITTEE,
          attester.get() + " is not in the committee of slot " + slot);
    }
    Optional<EthAddress> proposer = context.signer().recoverProposer(attestation);
    if (proposer.isEmpty()) {
      return ValidationResult.reject(
          RejectionReason.BAD_SIGNATURE, "proposer signature does not recover");
    }
    EthAddress expected = committee.proposerFor(slot);
    if (!expected.equals(proposer.get())) {
      return ValidationResult.reject(
          RejectionReason.WRONG_PROPOSER,
          "proposer signature by "
              + proposer.get()
              + " but slot "
              + slot
              + "'s proposer is "
              + expected);
    }
    return ValidationResult.accept(attester.get());
  }
}
