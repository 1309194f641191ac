package dev.slotstream.proposer.sequencer;

import dev.slotstream.core.lifecycle.TxLifecycleListener;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.core.sequencer.BlockBroadcast;
import dev.slotstream.core.sequencer.CheckpointBroadcast;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.node.TxStepTimers;
import dev.slotstream.node.TxStepTimers.Step;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;

/**
 * The proposer's steps of {@link TxStepTimers#STEP}: {@code included} per tx (from entering this
 * node's pool to the block that holds it built and signed: its PROPOSED stage here, reached once)
 * and {@code broadcast} per block or checkpoint proposal (from built and signed to the broker's
 * ack; the job tells its listeners once the broadcaster has returned).
 */
public final class ProposalStepTimers implements ProposalJobListener, TxLifecycleListener {
  private final TxStepTimers steps;
  private final Clock clock;

  public ProposalStepTimers(MeterRegistry registry, Clock clock) {
    this.steps = new TxStepTimers(registry, Step.INCLUDED, Step.BROADCAST);
    this.clock = clock;
  }

  @Override
  public void onStage(TxStatus status) {
    if (status.stage() == TxStage.PROPOSED) {
      Instant pending = status.reachedAt().get(TxStage.PENDING);
      Instant included = status.reachedAt().get(TxStage.PROPOSED);
      if (pending != null && included != null) {
        steps.record(Step.INCLUDED, pending, included);
      }
    }
  }

  @Override
  public void onBlockBroadcast(BlockBroadcast broadcast) {
    steps.record(Step.BROADCAST, broadcast.at(), clock.instant());
  }

  @Override
  public void onCheckpointBroadcast(CheckpointBroadcast broadcast) {
    steps.record(Step.BROADCAST, broadcast.at(), clock.instant());
  }
}
