package dev.slotstream.node.chain;

import dev.slotstream.core.lifecycle.TxLifecycleListener;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@value #STAGE}{stage}: from a tx entering this node's pool to each later stage on this node
 * (PROPOSED, EXECUTED, CHECKPOINTED), so Prometheus answers where a tx spends its time here. A tx
 * this node first met in a block (never pending here) is not timed.
 */
final class TxStageTimers implements TxLifecycleListener {
  static final String STAGE = "slotstream.tx.stage";

  private final Map<TxStage, Timer> timers = new EnumMap<>(TxStage.class);

  TxStageTimers(MeterRegistry registry) {
    for (TxStage stage : new TxStage[] {TxStage.PROPOSED, TxStage.EXECUTED, TxStage.CHECKPOINTED}) {
      timers.put(
          stage,
          Timer.builder(STAGE)
              .description("Time from a tx entering this node's pool to the stage")
              .tag("stage", stage.name())
              .publishPercentiles(0.5, 0.99)
              .register(registry));
    }
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
}
