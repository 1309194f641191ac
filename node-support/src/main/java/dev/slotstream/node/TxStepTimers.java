package dev.slotstream.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@value #STEP}{step}: how long the path from a tx's submission to L1 spends in each step, each
 * timed on the service that sees both of its ends, so the services' Prometheus endpoints together
 * answer where a tx spends its time under load. The steps, in order ({@link Step}):
 *
 * <pre>
 * received ─included─▶ ─broadcast─▶ ─executed─▶ ─attested─▶ ─quorum─▶ ─l1─▶
 * </pre>
 *
 * A step is timed once per tx (included), per block (broadcast, executed) or per checkpoint
 * (attested, quorum, l1). Steps that cross two machines (executed, quorum) compare the sender's
 * record timestamp with the receiver's clock; a negative difference (skewed clocks) is recorded as
 * zero.
 */
public final class TxStepTimers {
  public static final String STEP = "slotstream.tx.step";

  /** One step of a tx's path, named after the stage it reaches. */
  public enum Step {
    /** Proposer, per tx: entered the pool → in a block built and signed. */
    INCLUDED,
    /** Proposer, per block: built and signed → acknowledged by the broker. */
    BROADCAST,
    /** Validator, per block: the proposer sent it (record timestamp) → this node executed it. */
    EXECUTED,
    /** Validator, per checkpoint: its last block executed → the attestation signed. */
    ATTESTED,
    /**
     * Attestation service, per checkpoint: the attestation that completes a quorum was sent (record
     * timestamp) → the quorum acknowledged by the broker.
     */
    QUORUM,
    /** Executing node that follows L1, per checkpoint: final by gossip → seen on L1. */
    L1;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Step, Timer> timers = new EnumMap<>(Step.class);

  /** Registers the timers of {@code steps} (the ones this service sees). */
  public TxStepTimers(MeterRegistry registry, Step... steps) {
    for (Step step : steps) {
      timers.put(
          step,
          Timer.builder(STEP)
              .description("Time a tx spends in each step from submission to L1, by step")
              .tag("step", step.tag())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofMinutes(2))
              .register(registry));
    }
  }

  public void record(Step step, Duration d) {
    Timer timer = timers.get(step);
    if (timer == null) {
      throw new IllegalArgumentException(step + " is not timed by this service");
    }
    timer.record(d.isNegative() ? Duration.ZERO : d);
  }

  public void record(Step step, Instant from, Instant to) {
    record(step, Duration.between(from, to));
  }
}
