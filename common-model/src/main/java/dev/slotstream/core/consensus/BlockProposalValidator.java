package dev.slotstream.core.consensus;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.ValidatorSetUnknownException;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.time.ReceiveWindow;
import dev.slotstream.core.types.EthAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a block proposal on receipt, cheapest first: context and window before any signature
 * recovery, so foreign or stale traffic costs no elliptic-curve work.
 */
public final class BlockProposalValidator {
  private final RollupContext context;

  public BlockProposalValidator(RollupContext context) {
    this.context = context;
  }

  public ValidationResult validate(BlockProposal proposal, Instant arrival) {
    return validate(proposal, Optional.of(arrival));
  }

  /**
   * The same checks but the arrival window, for a proposal read back from the log to re-execute a
   * checkpoint whose verified quorum already certifies it (docs/PROTOCOL.md §13.6).
   */
  public ValidationResult validateRecorded(BlockProposal proposal) {
    return validate(proposal, Optional.empty());
  }

  private ValidationResult validate(BlockProposal proposal, Optional<Instant> arrival) {
    BlockProposalPayload payload = proposal.payload();
    Optional<ValidationResult> structural = checkStructure(payload, arrival);
    if (structural.isPresent()) {
      return structural.get();
    }
    Optional<EthAddress> signer = context.signer().recoverProposer(proposal);
    if (signer.isEmpty()) {
      return ValidationResult.reject(
          RejectionReason.BAD_SIGNATURE, "block signature does not recover");
    }
    return checkProposer(payload, signer.get());
  }

  /** @param arrival empty: no window check (a recorded proposal) */
  Optional<ValidationResult> checkStructure(
      BlockProposalPayload payload, Optional<Instant> arrival) {
    if (!context.isOwnContext(payload.blockHeader().globalVariables())) {
      return Optional.of(
          ValidationResult.reject(
              RejectionReason.FOREIGN_CONTEXT,
              "chain "
                  + payload.blockHeader().globalVariables().chainId()
                  + " version "
                  + payload.blockHeader().globalVariables().version()
                  + " is not this rollup's"));
    }
    ReceiveWindow window = context.timetable().receiveWindow(payload.slotNumber());
    if (arrival.isPresent() && !window.contains(arrival.get())) {
      return Optional.of(
          ValidationResult.reject(
              RejectionReason.OUTSIDE_WINDOW,
              "arrived at "
                  + arrival
                  + ", outside slot "
                  + payload.slotNumber()
                  + "'s window "
                  + window.opensAt()
                  + " .. "
                  + window.closesAt()));
    }
    int maxBlocks = context.timetable().blocksPerSlot();
    if (payload.indexWithinCheckpoint() >= maxBlocks) {
      return Optional.of(
          ValidationResult.reject(
              RejectionReason.INDEX_OUT_OF_BOUNDS,
              "index "
                  + payload.indexWithinCheckpoint()
                  + " but a slot holds "
                  + maxBlocks
                  + " blocks"));
    }
    if (payload.txHashes().size() > context.maxTxsPerBlock()) {
      return Optional.of(
          ValidationResult.reject(
              RejectionReason.TOO_MANY_TXS,
              payload.txHashes().size() + " txs exceed the limit of " + context.maxTxsPerBlock()));
    }
    return Optional.empty();
  }

  ValidationResult checkProposer(BlockProposalPayload payload, EthAddress signer) {
    Optional<Committee> committee = context.epochCache().findCommitteeFor(payload.slotNumber());
    if (committee.isEmpty()) {
      return ValidationResult.reject(
          RejectionReason.VALIDATOR_SET_UNKNOWN,
          ValidatorSetUnknownException.describe(context.timetable().epochOf(payload.slotNumber())));
    }
    EthAddress expected = committee.get().proposerFor(payload.slotNumber());
    if (!expected.equals(signer)) {
      return ValidationResult.reject(
          RejectionReason.WRONG_PROPOSER,
          "signed by "
              + signer
              + " but slot "
              + payload.slotNumber()
              + "'s proposer is "
              + expected);
    }
    return ValidationResult.accept(signer);
  }
}
