package dev.slotstream.core.validator;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.BlockProposalValidator;
import dev.slotstream.core.consensus.CheckpointProposalValidator;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validator node's consensus side: checks proposals on receipt, routes them to the slot's
 * {@link CheckpointAttestationJob}, publishes what the job signs, and disposes jobs when their slot
 * ends. One node may host several validator keys; it re-executes each slot once for all of them.
 */
public final class ValidatorClient {
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorClient.class);

  private final RollupContext context;
  private final ChainStore chain;
  private final CheckpointsBuilder checkpoints;
  private final List<SigningKey> keys;
  private final SlashingProtector protector;
  private final TxSource txSource;
  private final DutyScheduler scheduler;
  private final Executor executor;
  private final AttestationBroadcaster broadcaster;
  private final AttestationJobListener listener;
  private final BlockBuildLimits limits;
  private final ExecutionMode mode;
  private final BlockProposalValidator blockValidator;
  private final CheckpointProposalValidator checkpointValidator;
  private final Map<SlotNumber, CheckpointAttestationJob> jobs = new ConcurrentHashMap<>();

  public ValidatorClient(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      List<SigningKey> keys,
      SlashingProtector protector,
      TxSource txSource,
      DutyScheduler scheduler,
      Executor executor,
      AttestationBroadcaster broadcaster,
      AttestationJobListener listener,
      BlockBuildLimits limits,
      ExecutionMode mode) {
    this.mode = mode;
    this.context = context;
    this.chain = chain;
    this.checkpoints = checkpoints;
    this.keys = List.copyOf(keys);
    this.protector = protector;
    this.txSource = txSource;
    this.scheduler = scheduler;
    this.executor = executor;
    this.broadcaster = broadcaster;
    this.listener = listener;
    this.limits = limits;
    this.blockValidator = new BlockProposalValidator(context);
    this.checkpointValidator = new CheckpointProposalValidator(context);
  }

  /** Checks and routes a block proposal; an invalid one is returned for the caller to reject. */
  public ValidationResult onBlockProposal(BlockProposal proposal) {
    Instant arrival = scheduler.clock().instant();
    ValidationResult result = blockValidator.validate(proposal, arrival);
    if (result.isValid()) {
      jobFor(proposal.slotNumber()).onBlockProposal(proposal, arrival);
    }
    return result;
  }

  public ValidationResult onCheckpointProposal(CheckpointProposal proposal) {
    Instant arrival = scheduler.clock().instant();
    ValidationResult result = checkpointValidator.validate(proposal, arrival);
    if (result.isValid()) {
      jobFor(proposal.slotNumber()).onCheckpointProposal(proposal, arrival);
    }
    return result;
  }

  public ChainStore.CommitOutcome onQuorum(CheckpointQuorum quorum) {
    ChainStore.CommitOutcome outcome = chain.onQuorum(quorum.payload());
    LOG.info("quorum slot={} archive={} → {}", quorum.slotNumber(), quorum.payload().archive(), outcome);
    return outcome;
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
    CheckpointAttestationJob job =
        new CheckpointAttestationJob(
            slot, context, chain, checkpoints, keys, protector, txSource, scheduler, executor,
            listener, limits, mode);
    job.outcome()
        .thenAccept(
            outcome -> {
              if (!outcome.attestations().isEmpty()) {
                broadcaster.broadcast(outcome.attestations());
              }
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
