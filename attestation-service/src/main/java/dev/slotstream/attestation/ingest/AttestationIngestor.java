package dev.slotstream.attestation.ingest;

import dev.slotstream.attestation.config.AttestationMetrics;
import dev.slotstream.attestation.finality.LatestFinalCheckpoint;
import dev.slotstream.core.attestation.AddOutcome;
import dev.slotstream.core.attestation.AttestationAggregator;
import dev.slotstream.core.attestation.AttestationAggregator.Aggregation;
import dev.slotstream.core.attestation.EquivocationEvidence;
import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.time.ReceiveWindow;
import dev.slotstream.core.time.Timetable;
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
 *
 * <p>The pool path is {@link OutageTolerantAggregator}'s: Redis, or memory while Redis is away. A
 * claimed quorum is published only if its checkpoint extends the {@link LatestFinalCheckpoint}
 * (its parent is the latest final archive); otherwise it is withheld, for good (the claim is kept,
 * so a redelivery does not try again). It is also published only inside its slot's quorum window,
 * with the record timestamp set to the instant that was checked: every node judges the window at
 * that timestamp (PROTOCOL.md §11.3), so a quorum this service counts final is one every node
 * accepts. One completed too late (a slow Redis round trip, a starved JVM) is dropped the same way.
 */
public class AttestationIngestor {
  private static final Logger LOG = LoggerFactory.getLogger(AttestationIngestor.class);

  private final OutageTolerantAggregator aggregator;
  private final LatestFinalCheckpoint latestFinal;
  private final GossipPublisher publisher;
  private final AttestationMetrics metrics;
  private final Timetable timetable;
  private final Clock clock;

  public AttestationIngestor(
      OutageTolerantAggregator aggregator,
      LatestFinalCheckpoint latestFinal,
      GossipPublisher publisher,
      AttestationMetrics metrics,
      Timetable timetable,
      Clock clock) {
    this.aggregator = aggregator;
    this.latestFinal = latestFinal;
    this.publisher = publisher;
    this.metrics = metrics;
    this.timetable = timetable;
    this.clock = clock;
  }

  public AddOutcome ingest(CheckpointAttestation attestation) {
    Instant arrival = clock.instant();
    OutageTolerantAggregator.Step step = aggregator.add(attestation, arrival);
    Aggregation aggregation = step.aggregation();
    if (!aggregation.validation().isValid()) {
      RejectionReason reason = aggregation.validation().reason().orElseThrow();
      metrics.rejected(reason);
      throw RejectReasons.toException(aggregation.validation());
    }
    AddOutcome outcome = aggregation.added().orElseThrow();
    metrics.added(outcome.status());
    if (step.local()) {
      metrics.pooledLocally();
    }
    LOG.debug(
        "attestation slot={} proposal={} signer={} status={} count={}",
        attestation.slotNumber().value(),
        attestation.proposalPayloadHash(),
        aggregation.validation().signer().orElseThrow(),
        outcome.status(),
        outcome.count());
    outcome.evidence().ifPresent(AttestationIngestor::reportEquivocation);
    aggregation.quorum().ifPresent(quorum -> emit(quorum, outcome, step.local()));
    return outcome;
  }

  /** Replays attestations buffered during a Redis outage if due; emits the quorums they complete. */
  public void replayBuffered() {
    for (OutageTolerantAggregator.ReplayedQuorum replayed : aggregator.replayIfDue()) {
      emit(replayed.quorum(), replayed.outcome(), false);
    }
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
  private void emit(CheckpointQuorum quorum, AddOutcome claimed, boolean local) {
    if (!latestFinal.extendsLatest(quorum)) {
      metrics.quorumWithheld();
      LOG.warn(
          "quorum withheld slot={} proposal={} parent={}: not the latest final checkpoint {}",
          quorum.slotNumber().value(),
          quorum.proposalPayloadHash(),
          quorum.payload().header().lastArchiveRoot(),
          latestFinal.latest().map(Object::toString).orElse("-"));
      return;
    }
    Instant publishedAt = clock.instant();
    ReceiveWindow window = timetable.quorumWindow(quorum.slotNumber());
    if (!window.contains(publishedAt)) {
      metrics.quorumLate();
      LOG.warn(
          "quorum not published slot={} proposal={}: completed at {}, after its window closed at {}",
          quorum.slotNumber().value(),
          quorum.proposalPayloadHash(),
          publishedAt,
          window.closesAt());
      return;
    }
    try {
      publisher.publishQuorum(quorum, publishedAt).join();
    } catch (RuntimeException e) {
      aggregator.release(quorum, claimed, local);
      throw e;
    }
    latestFinal.onFinal(quorum);
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
    if (local) {
      LOG.info(
          "quorum slot={} emitted from the in-memory pool (Redis unavailable)",
          quorum.slotNumber().value());
    }
  }
}
