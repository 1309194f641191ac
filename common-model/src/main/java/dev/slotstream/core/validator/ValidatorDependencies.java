package dev.slotstream.core.validator;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.slashing.SlashingProtector;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What a validator node's {@link ValidatorClient} hands every {@link CheckpointAttestationJob} it
 * runs: the node's shared services and execution settings, the same for every slot.
 *
 * @param executor runs re-execution; each job serializes its own work on it
 * @param limits the block limits re-execution enforces ({@code BlockBuildLimits.PROTOCOL} outside tests)
 * @param errors where a job's task that threw, or a failed attestation broadcast, is reported
 * @param syncGate asked right before signing whether this node may attest (closed while it catches
 *     up with L1, §17.6)
 */
public record ValidatorDependencies(
    RollupContext context,
    ChainStore chain,
    CheckpointsBuilder checkpoints,
    SlashingProtector protector,
    TxSource txSource,
    DutyScheduler scheduler,
    Executor executor,
    AttestationJobListener listener,
    BlockBuildLimits limits,
    ExecutionMode mode,
    UncaughtErrors errors,
    SyncGate syncGate) {

  /** Nothing held back: a node without an L1 follower. */
  public ValidatorDependencies(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      SlashingProtector protector,
      TxSource txSource,
      DutyScheduler scheduler,
      Executor executor,
      AttestationJobListener listener,
      BlockBuildLimits limits,
      ExecutionMode mode,
      UncaughtErrors errors) {
    this(
        context,
        chain,
        checkpoints,
        protector,
        txSource,
        scheduler,
        executor,
        listener,
        limits,
        mode,
        errors,
        SyncGate.OPEN);
  }

  /** Errors only logged. */
  public ValidatorDependencies(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      SlashingProtector protector,
      TxSource txSource,
      DutyScheduler scheduler,
      Executor executor,
      AttestationJobListener listener,
      BlockBuildLimits limits,
      ExecutionMode mode) {
    this(
        context,
        chain,
        checkpoints,
        protector,
        txSource,
        scheduler,
        executor,
        listener,
        limits,
        mode,
        UncaughtErrors.logging());
  }

  public ValidatorDependencies {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(protector, "protector");
    Objects.requireNonNull(txSource, "txSource");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(errors, "errors");
    Objects.requireNonNull(syncGate, "syncGate");
  }
}
