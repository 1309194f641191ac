package dev.slotstream.core.consensus;

import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.types.EthAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a checkpoint proposal on receipt: everything a block proposal must pass for its last
 * block, a header consistent with that block and the slot, and one signer for both signatures.
 */
public final class CheckpointProposalValidator {
  private final RollupContext context;
  private final BlockProposalValidator blockValidator;

  public CheckpointProposalValidator(RollupContext context) {
    this.context = context;
    this.blockValidator = new BlockProposalValidator(context);
  }

  public ValidationResult validate(CheckpointProposal proposal, Instant arrival) {
    return validate(proposal, Optional.of(arrival));
  }

  /** The same checks but the arrival window (see {@link BlockProposalValidator#validateRecorded}). */
  public ValidationResult validateRecorded(CheckpointProposal proposal) {
    return validate(proposal, Optional.empty());
  }

  private ValidationResult validate(CheckpointProposal proposal, Optional<Instant> arrival) {
    Optional<ValidationResult> structural =
        blockValidator.checkStructure(proposal.lastBlock().payload(), arrival);
    if (structural.isPresent()) {
      return structural.get();
    }
    Optional<String> inconsistency = headerInconsistency(proposal);
    if (inconsistency.isPresent()) {
      return ValidationResult.reject(RejectionReason.INCONSISTENT_HEADER, inconsistency.get());
    }
    Optional<EthAddress> signer = context.signer().recoverProposer(proposal);
    if (signer.isEmpty()) {
      return ValidationResult.reject(
          RejectionReason.BAD_SIGNATURE, "checkpoint signature does not recover");
    }
    Optional<EthAddress> blockSigner = context.signer().recoverProposer(proposal.lastBlock());
    if (blockSigner.isEmpty()) {
      return ValidationResult.reject(
          RejectionReason.BAD_SIGNATURE, "last block's signature does not recover");
    }
    if (!blockSigner.get().equals(signer.get())) {
      return ValidationResult.reject(
          RejectionReason.SIGNER_MISMATCH,
          "checkpoint signed by " + signer.get() + " but its last block by " + blockSigner.get());
    }
    return blockValidator.checkProposer(proposal.lastBlock().payload(), signer.get());
  }

  private Optional<String> headerInconsistency(CheckpointProposal proposal) {
    CheckpointHeader header = proposal.payload().header();
    GlobalVariables globals = proposal.lastBlock().payload().blockHeader().globalVariables();
    long slotStart = context.timetable().slotStart(header.slotNumber()).getEpochSecond();
    if (header.timestamp() != slotStart) {
      return Optional.of(
          "checkpoint timestamp " + header.timestamp() + " is not its slot's start " + slotStart);
    }
    if (globals.timestamp() != header.timestamp()
        || !globals.coinbase().equals(header.coinbase())
        || !globals.feeRecipient().equals(header.feeRecipient())
        || !globals.gasFees().equals(header.gasFees())) {
      return Optional.of("checkpoint header disagrees with its last block's global variables");
    }
    return Optional.empty();
  }
}
