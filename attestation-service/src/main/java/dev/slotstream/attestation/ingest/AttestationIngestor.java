package dev.slotstream.attestation.ingest;

import dev.slotstream.attestation.config.AttestationMetrics;
import dev.slotstream.core.attestation.AddOutcome;
import dev.slotstream.core.attestation.AttestationAggregator;
import dev.slotstream.core.attestation.AttestationAggregator.Aggregation;
import dev.slotstream.core.attestation.EquivocationEvidence;
import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReasons;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attestation from gossip to pool through the core's {@link AttestationAggregator} (arrival =
 * the injected clock's now); the one caller that claims a checkpoint's quorum publishes it.
 *
 * <p>An invalid attestation throws {@link InvalidGossipException}: gossip-kafka's error handler
 * logs it with its reason, counts it and dead-letters the record, and it never reaches the pool.
 */
public class AttestationIngestor {
  private static final Logger LOG = LoggerFactory.getLogger(AttestationIngestor.class);

  private final AttestationAggregator aggregator;
  private final GossipPublisher publisher;
  private final AttestationMetrics metrics;
  private final Clock clock;

  public AttestationIngestor(
      AttestationAggregator aggregator,
      GossipPublisher publisher,
      AttestationMetrics metrics,
      Clock clock) {
    this.aggregator = aggregator;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
  }

  public AddOutcome ingest(CheckpointAttestation attestation) {
    Instant arrival = clock.instant();
    Aggregation aggregation = aggregator.add(attestation, arrival);
    if (!aggregation.validation().isValid()) {
      RejectionReason reason = aggregation.validation().reason().orElseThrow();
      metrics.rejected(reason);
      throw RejectReasons.toException(aggregation.validation());
    }
    AddOutcome outcome = aggregation.added().orElseThrow();
    metrics.added(outcome.status());
    LOG.debug(
        "attestation slot={} proposal={} signer={} status={} count={}",
        attestation.slotNumber().value(),
        attestation.proposalPayloadHash(),
        aggregation.validation().signer().orElseThrow(),
        outcome.status(),
        outcome.count());
    outcome.evidence().ifPresent(AttestationIngestor::reportEquivocation);
    aggregation.quorum().ifPresent(quorum -> emit(quorum, outcome));
    return outcome;
  }

  private static void reportEquivocation(EquivocationEvidence evidence) {
    LOG.warn(
        "equivocation slot={} signer={} first={} second={}",
        evidence.slot().value(),
        evidence.signer(),
        evidence.first().proposalPayloadHash(),
        evidence.second().proposalPayloadHash());
  }

  /**
   * Publishes the quorum and waits for Kafka's ack. On failure the claim is released before the
   * exception propagates, so the record's redelivery (or another instance's duplicate) claims again.
   */
  private void emit(CheckpointQuorum quorum, AddOutcome claimed) {
    try {
      publisher.publishQuorum(quorum).join();
    } catch (RuntimeException e) {
      aggregator.release(quorum, claimed);
      throw e;
    }
    Duration latency = Duration.between(claimed.claim().orElseThrow().firstSeen(), clock.instant());
    metrics.quorumEmitted(latency);
    LOG.info(
        "quorum emitted slot={} proposal={} attestations={}/{} positions={} sinceFirstMs={}",
        quorum.slotNumber().value(),
        quorum.proposalPayloadHash(),
        quorum.attestations().size(),
        quorum.committeeSize(),
        quorum.committeePositions(),
        latency.toMillis());
  }
}
