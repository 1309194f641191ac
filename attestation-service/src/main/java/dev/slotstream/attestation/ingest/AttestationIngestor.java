package dev.slotstream.attestation.ingest;

import dev.slotstream.attestation.config.AttestationMetrics;
import dev.slotstream.attestation.config.AttestationProperties;
import dev.slotstream.attestation.pool.AddLimits;
import dev.slotstream.attestation.pool.AddOutcome;
import dev.slotstream.attestation.pool.AttestationPool;
import dev.slotstream.attestation.pool.EquivocationEvidence;
import dev.slotstream.attestation.pool.PooledAttestation;
import dev.slotstream.attestation.pool.QuorumClaim;
import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.consensus.CheckpointAttestationValidator;
import dev.slotstream.core.consensus.QuorumAssembler;
import dev.slotstream.core.consensus.EpochCache;
import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attestation from gossip to pool: validate (arrival = the injected clock's now), add, count,
 * and, for the one caller that claims a checkpoint's quorum, emit the {@link CheckpointQuorum}.
 *
 * <p>An invalid attestation throws {@link InvalidGossipException}: gossip-kafka's error handler
 * logs it with its reason, counts it and dead-letters the record, and it never reaches the pool.
 */
public class AttestationIngestor {
  private static final Logger LOG = LoggerFactory.getLogger(AttestationIngestor.class);

  private final CheckpointAttestationValidator validator;
  private final EpochCache epochCache;
  private final AttestationPool pool;
  private final GossipPublisher publisher;
  private final AttestationMetrics metrics;
  private final AttestationProperties properties;
  private final Clock clock;

  public AttestationIngestor(
      CheckpointAttestationValidator validator,
      EpochCache epochCache,
      AttestationPool pool,
      GossipPublisher publisher,
      AttestationMetrics metrics,
      AttestationProperties properties,
      Clock clock) {
    this.validator = validator;
    this.epochCache = epochCache;
    this.pool = pool;
    this.publisher = publisher;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  public AddOutcome ingest(CheckpointAttestation attestation) {
    Instant arrival = clock.instant();
    ValidationResult result = validator.validate(attestation, arrival);
    if (!result.isValid()) {
      RejectionReason reason = result.reason().orElseThrow();
      metrics.rejected(reason);
      throw new InvalidGossipException(toGossipReason(reason), result.detail());
    }
    EthAddress signer = result.signer().orElseThrow();
    SlotNumber slot = attestation.slotNumber();
    Committee committee = epochCache.committeeFor(slot);
    AddLimits limits =
        new AddLimits(committee.quorum(), properties.slotCapacityPerMember() * committee.size());
    AddOutcome outcome =
        pool.add(
            new PooledAttestation(signer, attestation), limits, arrival, UUID.randomUUID().toString());
    metrics.added(outcome.status());
    LOG.debug(
        "attestation slot={} proposal={} signer={} status={} count={}/{}",
        slot.value(),
        attestation.proposalPayloadHash(),
        signer,
        outcome.status(),
        outcome.count(),
        limits.quorum());
    outcome.evidence().ifPresent(this::reportEquivocation);
    outcome.claim().ifPresent(claim -> emit(committee, claim));
    return outcome;
  }

  private void reportEquivocation(EquivocationEvidence evidence) {
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
  private void emit(Committee committee, QuorumClaim claim) {
    CheckpointQuorum quorum = toQuorum(committee, claim);
    try {
      publisher
          .publishEncoded(GossipTopic.CHECKPOINT_QUORUM, quorum.slotNumber(), quorum.encode())
          .join();
    } catch (RuntimeException e) {
      pool.releaseClaim(quorum.slotNumber(), quorum.proposalPayloadHash(), claim.token());
      throw e;
    }
    Duration latency = Duration.between(claim.firstSeen(), clock.instant());
    metrics.quorumEmitted(latency);
    LOG.info(
        "quorum emitted slot={} proposal={} attestations={}/{} positions={} sinceFirstMs={}",
        quorum.slotNumber().value(),
        quorum.proposalPayloadHash(),
        quorum.attestations().size(),
        committee.size(),
        quorum.committeePositions(),
        latency.toMillis());
  }

  /** The claimed attestations in committee order, with their committee positions. */
  static CheckpointQuorum toQuorum(Committee committee, QuorumClaim claim) {
    Map<EthAddress, CheckpointAttestation> bySigner = new LinkedHashMap<>();
    claim.attestations().forEach(a -> bySigner.put(a.signer(), a.attestation()));
    return QuorumAssembler.inCommitteeOrder(committee, bySigner);
  }

  static RejectReason toGossipReason(RejectionReason reason) {
    return switch (reason) {
      case OUTSIDE_WINDOW -> RejectReason.OUT_OF_WINDOW;
      case BAD_SIGNATURE, SIGNER_MISMATCH -> RejectReason.BAD_SIGNATURE;
      case WRONG_PROPOSER -> RejectReason.WRONG_PROPOSER;
      case NOT_IN_COMMITTEE -> RejectReason.NOT_IN_COMMITTEE;
      default -> RejectReason.INVALID;
    };
  }
}
