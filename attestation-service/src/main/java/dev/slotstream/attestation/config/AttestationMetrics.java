package dev.slotstream.attestation.config;

import dev.slotstream.core.attestation.AddStatus;
import dev.slotstream.core.consensus.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The service's meters: {@code slotstream.attestation.accepted}, {@code .duplicate}, {@code
 * .equivocation}, {@code .dropped{cause}}, {@code .rejected{reason}}, {@code .quorum.emitted} and
 * the timer {@code .quorum.latency} (first attestation of a checkpoint to its quorum), {@code
 * .pooled.locally} (attestations pooled in memory during a Redis outage) and {@code
 * .quorum.withheld} (quorums not emitted because their parent is not the latest final checkpoint)
 * and {@code .quorum.late} (quorums completed after their slot's quorum window closed).
 */
public final class AttestationMetrics {
  public static final String PREFIX = "slotstream.attestation";

  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicate;
  private final Counter equivocation;
  private final Counter quorumEmitted;
  private final Timer quorumLatency;
  private final Counter pooledLocally;
  private final Counter quorumWithheld;
  private final Counter quorumLate;

  public AttestationMetrics(MeterRegistry registry) {
    this.registry = registry;
    accepted = counter("accepted", "Attestations added to the pool and counted");
    duplicate = counter("duplicate", "Attestations already in the pool, ignored");
    equivocation =
        counter(
            "equivocation", "Second, different attestations by one signer in one slot (evidence)");
    quorumEmitted = counter("quorum.emitted", "Checkpoint quorums emitted by this instance");
    quorumLatency =
        Timer.builder(PREFIX + ".quorum.latency")
            .description("From a checkpoint's first attestation in the pool to its quorum")
            .publishPercentileHistogram()
            .register(registry);
    pooledLocally =
        counter("pooled.locally", "Attestations pooled in memory while Redis was unavailable");
    quorumWithheld =
        counter(
            "quorum.withheld",
            "Quorums not emitted: their parent is not the latest final checkpoint");
    quorumLate =
        counter(
            "quorum.late",
            "Quorums not emitted: completed after their slot's quorum window closed");
  }

  public void pooledLocally() {
    pooledLocally.increment();
  }

  public void quorumWithheld() {
    quorumWithheld.increment();
  }

  public void quorumLate() {
    quorumLate.increment();
  }

  private Counter counter(String name, String description) {
    return Counter.builder(PREFIX + "." + name).description(description).register(registry);
  }

  public void added(AddStatus status) {
    switch (status) {
      case ADDED -> accepted.increment();
      case DUPLICATE -> duplicate.increment();
      case EQUIVOCATION -> equivocation.increment();
      case SIGNER_CAP, SLOT_FULL ->
          Counter.builder(PREFIX + ".dropped")
              .description("Attestations dropped by the pool's caps")
              .tag("cause", status.name())
              .register(registry)
              .increment();
    }
  }

  public void rejected(RejectionReason reason) {
    Counter.builder(PREFIX + ".rejected")
        .description("Attestations that failed validation, by reason")
        .tag("reason", reason.name())
        .register(registry)
        .increment();
  }

  public void quorumEmitted(Duration sinceFirstAttestation) {
    quorumEmitted.increment();
    quorumLatency.record(
        sinceFirstAttestation.isNegative() ? Duration.ZERO : sinceFirstAttestation);
  }
}
