package dev.slotstream.proposer.sequencer;

import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.time.Timetable;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code sequencer} in {@code /actuator/health}: UP while the duty loop runs (or before it starts,
 * or when disabled), OUT_OF_SERVICE once stopped. Details: state, key count, the current slot, the
 * last slot this node proposed a checkpoint for and the latest outcome.
 *
 * <p>A slot that ends LATE or SLASHING_PROTECTION does not turn the indicator DOWN: both are the
 * safe outcome of a late start or a restart, and a restart loop on them would make things worse.
 */
public class SequencerHealthIndicator extends AbstractHealthIndicator {
  private final SequencerLifecycle lifecycle;
  private final ProposalTracker tracker;
  private final Timetable timetable;
  private final Clock clock;

  public SequencerHealthIndicator(
      SequencerLifecycle lifecycle, ProposalTracker tracker, Timetable timetable, Clock clock) {
    super("sequencer health check failed");
    this.lifecycle = lifecycle;
    this.tracker = tracker;
    this.timetable = timetable;
    this.clock = clock;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    SequencerLifecycle.State state = lifecycle.state();
    if (state == SequencerLifecycle.State.STOPPED) {
      builder.outOfService();
    } else {
      builder.up();
    }
    builder.withDetail("state", state.name()).withDetail("keys", lifecycle.keys().size());
    timetable
        .slotAt(clock.instant())
        .ifPresent(slot -> builder.withDetail("currentSlot", slot.value()));
    tracker
        .lastProposedSlot()
        .ifPresent(slot -> builder.withDetail("lastProposedSlot", slot.value()));
    tracker.lastOutcome().ifPresent(o -> builder.withDetail("lastOutcome", describe(o)));
  }

  private static Map<String, Object> describe(ProposalOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("slot", o.slot().value());
    m.put("status", o.status().name());
    m.put("blocks", o.blocksBuilt());
    m.put("txs", o.txsIncluded());
    m.put("detail", o.detail());
    return m;
  }
}
