package dev.slotstream.node.chain;

import dev.slotstream.core.lifecycle.LandedEvent;
import dev.slotstream.core.lifecycle.TxLifecycleListener;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.node.TxStepTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@value #STAGE}{stage}: from a tx entering this node's pool to each later stage on this node
 * (PROPOSED, EXECUTED, CHECKPOINTED, ON_L1), so Prometheus answers where a tx spends its time here.
 * A tx this node first met in a block (never pending here) is not timed. With an L1 follower, also
 * the step {@value #STEP}{step=l1}: per checkpoint, from final by gossip here to seen on L1.
 */
final class TxStageTimers implements TxLifecycleListener {
  static final String STAGE = "slotstream.tx.stage";
  static final String STEP = TxStepTimers.STEP;

  private final Map<TxStage, Timer> timers = new EnumMap<>(TxStage.class);
  private final TxStepTimers steps;

  TxStageTimers(MeterRegistry registry, boolean l1Followed) {
    for (TxStage stage :
        l1Followed
            ? new TxStage[] {
              TxStage.PROPOSED, TxStage.EXECUTED, TxStage.CHECKPOINTED, TxStage.ON_L1
            }
            : new TxStage[] {TxStage.PROPOSED, TxStage.EXECUTED, TxStage.CHECKPOINTED}) {
      timers.put(
          stage,
          Timer.builder(STAGE)
              .description("Time from a tx entering this node's pool to the stage")
              .tag("stage", stage.name())
              .publishPercentiles(0.5, 0.99)
              .register(registry));
    }
    steps =
        l1Followed ? new TxStepTimers(registry, TxStepTimers.Step.L1) : new TxStepTimers(registry);
  }

  @Override
  public void onStage(TxStatus status) {
    Timer timer = timers.get(status.stage());
    Instant pending = status.reachedAt().get(TxStage.PENDING);
    Instant reached = status.reachedAt().get(status.stage());
    if (timer != null && pending != null && reached != null) {
      Duration d = Duration.between(pending, reached);
      timer.record(d.isNegative() ? Duration.ZERO : d);
    }
  }

  @Override
  public void onLanded(LandedEvent landed) {
    landed.committedAt().ifPresent(c -> steps.record(TxStepTimers.Step.L1, c, landed.at()));
  }
}
