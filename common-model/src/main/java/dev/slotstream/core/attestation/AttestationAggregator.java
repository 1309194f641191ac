package dev.slotstream.core.attestation;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.consensus.CheckpointAttestationValidator;
import dev.slotstream.core.consensus.QuorumAssembler;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.EthAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Attestations to quorums, the rule in one place: validate (window, committee member, slot
 * proposer), add to the {@link AttestationPool} (dedupe, equivocation, per-slot bounds, threshold
 * ⌊2n/3⌋+1, one claim per checkpoint), and put the claimed attestations in committee order. The
 * attestation service runs it over Redis, the in-process devnet over {@link
 * InMemoryAttestationPool}.
 */
public final class AttestationAggregator {
  private final RollupContext context;
  private final CheckpointAttestationValidator validator;
  private final AttestationPool pool;
  private final int slotCapacityPerMember;

  /**
   * @param slotCapacityPerMember attestations (counted and evidence) kept per slot, per committee
   *     member: bounds what one slot can hold whatever the gossip sends
   */
  public AttestationAggregator(
      RollupContext context, AttestationPool pool, int slotCapacityPerMember) {
    if (slotCapacityPerMember < 1) {
      throw new IllegalArgumentException("slot capacity per member must be positive");
    }
    this.context = context;
    this.validator = new CheckpointAttestationValidator(context);
    this.pool = pool;
    this.slotCapacityPerMember = slotCapacityPerMember;
  }

  /**
   * What one attestation did.
   *
   * @param validation the receipt check; when invalid, nothing was added
   * @param added the pool's outcome, for a valid attestation
   * @param quorum the checkpoint's quorum in committee order, for exactly one caller per checkpoint:
   *     the one that must publish it (or {@link #release} it if it cannot)
   */
  public record Aggregation(
      ValidationResult validation, Optional<AddOutcome> added, Optional<CheckpointQuorum> quorum) {}

  public Aggregation add(CheckpointAttestation attestation, Instant arrival) {
    ValidationResult result = validator.validate(attestation, arrival);
    if (!result.isValid()) {
      return new Aggregation(result, Optional.empty(), Optional.empty());
    }
    EthAddress signer = result.signer().orElseThrow();
    Committee committee = context.epochCache().committeeFor(attestation.slotNumber());
    AddLimits limits = new AddLimits(committee.quorum(), slotCapacityPerMember * committee.size());
    AddOutcome outcome =
        pool.add(
            new PooledAttestation(signer, attestation),
            limits,
            arrival,
            UUID.randomUUID().toString());
    return new Aggregation(
        result, Optional.of(outcome), outcome.claim().map(c -> inCommitteeOrder(committee, c)));
  }

  /**
   * Gives back the claim on {@code quorum} that {@code added} holds, so a redelivery (or another
   * instance) can claim and publish it.
   */
  public void release(CheckpointQuorum quorum, AddOutcome added) {
    added
        .claim()
        .ifPresent(
            c -> pool.releaseClaim(quorum.slotNumber(), quorum.proposalPayloadHash(), c.token()));
  }

  public AttestationPool pool() {
    return pool;
  }

  private static CheckpointQuorum inCommitteeOrder(Committee committee, QuorumClaim claim) {
    Map<EthAddress, CheckpointAttestation> bySigner = new LinkedHashMap<>();
    claim.attestations().forEach(a -> bySigner.put(a.signer(), a.attestation()));
    return QuorumAssembler.inCommitteeOrder(committee, bySigner);
  }
}
