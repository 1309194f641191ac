package dev.slotstream.core.sequencer;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.slashing.SlashingProtector;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What a proposer node's {@link Sequencer} hands every {@link CheckpointProposalJob} it runs: the
 * node's shared services, the same for every slot.
 *
 * @param executor runs builds; each job serializes its own work on it
 * @param errors where a job's task that threw is reported
 * @param syncGate asked at each slot whether this node may propose (closed while it catches up
 *     with L1, §17.6)
 */
public record ProposerDependencies(
    RollupContext context,
    ChainStore chain,
    CheckpointsBuilder checkpoints,
    TxPool pool,
    SlashingProtector protector,
    DutyScheduler scheduler,
    Executor executor,
    ProposalBroadcaster broadcaster,
    ProposalJobListener listener,
    UncaughtErrors errors,
    SyncGate syncGate) {

  /** Nothing held back: a node without an L1 follower. */
  public ProposerDependencies(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      TxPool pool,
      SlashingProtector protector,
      DutyScheduler scheduler,
      Executor executor,
      ProposalBroadcaster broadcaster,
      ProposalJobListener listener,
      UncaughtErrors errors) {
    this(
        context,
        chain,
        checkpoints,
        pool,
        protector,
        scheduler,
        executor,
        broadcaster,
        listener,
        errors,
        SyncGate.OPEN);
  }

  /** Errors only logged. */
  public ProposerDependencies(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      TxPool pool,
      SlashingProtector protector,
      DutyScheduler scheduler,
      Executor executor,
      ProposalBroadcaster broadcaster,
      ProposalJobListener listener) {
    this(
        context,
        chain,
        checkpoints,
        pool,
        protector,
        scheduler,
        executor,
        broadcaster,
        listener,
        UncaughtErrors.logging());
  }

  public ProposerDependencies {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(protector, "protector");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(broadcaster, "broadcaster");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(errors, "errors");
    Objects.requireNonNull(syncGate, "syncGate");
  }
}
