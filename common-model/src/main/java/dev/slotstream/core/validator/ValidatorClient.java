package dev.slotstream.core.validator;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.BlockProposalValidator;
import dev.slotstream.core.consensus.CheckpointProposalValidator;
import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A validator node's consensus side: checks proposals on receipt, routes them to the slot's
 * {@link CheckpointAttestationJob}, publishes what the job signs, and disposes jobs when their slot
 * ends. One node may host several validator keys; it re-executes each slot once for all of them.
 */
public final class ValidatorClient {

  private final ValidatorDependencies deps;
  private final RollupContext context;
  private final ChainStore chain;
  private final List<SigningKey> keys;
  private final DutyScheduler scheduler;
  private final AttestationBroadcaster broadcaster;
  private final BlockProposalValidator blockValidator;
  private final CheckpointProposalValidator checkpointValidator;
  private final Map<SlotNumber, CheckpointAttestationJob> jobs = new ConcurrentHashMap<>();

  /** @param broadcaster publishes what the jobs sign */
  public ValidatorClient(
      ValidatorDependencies deps, List<SigningKey> keys, AttestationBroadcaster broadcaster) {
    this.deps = deps;
    this.context = deps.context();
    this.chain = deps.chain();
    this.keys = List.copyOf(keys);
    this.scheduler = deps.scheduler();
    this.broadcaster = broadcaster;
    this.blockValidator = new BlockProposalValidator(context);
    this.checkpointValidator = new CheckpointProposalValidator(context);
  }

  public ValidationResult onBlockProposal(BlockProposal proposal) {
    return onBlockProposal(proposal, Optional.empty());
  }

  /**
   * Checks and routes a block proposal; an invalid one is returned for the caller to reject.
   *
   * @param broadcastAt when the proposer sent it, if the transport told (a Kafka record timestamp)
   */
  public ValidationResult onBlockProposal(BlockProposal proposal, Optional<Instant> broadcastAt) {
    Instant arrival = scheduler.clock().instant();
    ValidationResult result = blockValidator.validate(proposal, arrival);
    if (result.isValid()) {
      jobFor(proposal.slotNumber()).onBlockProposal(proposal, arrival, broadcastAt);
    } else {
      skipIfSetUnknown(proposal.slotNumber(), result);
    }
    return result;
  }

  public ValidationResult onCheckpointProposal(CheckpointProposal proposal) {
    return onCheckpointProposal(proposal, Optional.empty());
  }

  public ValidationResult onCheckpointProposal(
      CheckpointProposal proposal, Optional<Instant> broadcastAt) {
    Instant arrival = scheduler.clock().instant();
    ValidationResult result = checkpointValidator.validate(proposal, arrival);
    if (result.isValid()) {
      jobFor(proposal.slotNumber()).onCheckpointProposal(proposal, arrival, broadcastAt);
    } else {
      skipIfSetUnknown(proposal.slotNumber(), result);
    }
    return result;
  }

  /**
   * A proposal of the current slot (the receive window passed) refused only because this node does
   * not know its epoch's validator set: the slot's duty is skipped and reported as such (§6), not
   * left without an outcome.
   */
  private void skipIfSetUnknown(SlotNumber slot, ValidationResult result) {
    if (result.reason().filter(r -> r == RejectionReason.VALIDATOR_SET_UNKNOWN).isPresent()) {
      jobFor(slot).skipValidatorSetUnknown(result.detail());
    }
  }

  public Optional<CheckpointAttestationJob> job(SlotNumber slot) {
    return Optional.ofNullable(jobs.get(slot));
  }

  public int activeJobs() {
    return jobs.size();
  }

  public ChainStore chain() {
    return chain;
  }

  public List<SigningKey> keys() {
    return keys;
  }

  private CheckpointAttestationJob jobFor(SlotNumber slot) {
    return jobs.computeIfAbsent(slot, this::newJob);
  }

  // The broadcaster reports its own publish failures; scheduled duties log theirs.
  @SuppressWarnings("FutureReturnValueIgnored")
  private CheckpointAttestationJob newJob(SlotNumber slot) {
    CheckpointAttestationJob job = new CheckpointAttestationJob(deps, slot, keys);
    job.outcome()
        .thenAccept(
            outcome -> {
              if (!outcome.attestations().isEmpty()) {
                broadcaster.broadcast(outcome.attestations());
              }
            })
        .exceptionally(
            e -> {
              deps.errors()
                  .report(
                      UncaughtErrors.Source.ATTESTATION_BROADCAST,
                      e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
              return null;
            });
    scheduler.at(
        context.timetable().slotEnd(slot),
        () -> {
          job.dispose();
          jobs.remove(slot, job);
        });
    return job.start();
  }
}
