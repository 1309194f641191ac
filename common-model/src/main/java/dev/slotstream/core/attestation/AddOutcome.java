package dev.slotstream.core.attestation;

import java.util.Optional;

/**
 * The result of {@link AttestationPool#add}.
 *
 * @param status what happened to the attestation
 * @param count attestations now counted for the attestation's (slot, proposal payload hash); 0 when
 *     not applicable
 * @param claim present for exactly one caller per checkpoint: the one that must emit the quorum
 * @param evidence present with {@link AddStatus#EQUIVOCATION}
 */
public record AddOutcome(
    AddStatus status,
    int count,
    Optional<QuorumClaim> claim,
    Optional<EquivocationEvidence> evidence) {

  public static AddOutcome of(AddStatus status, int count) {
    return new AddOutcome(status, count, Optional.empty(), Optional.empty());
  }

  public static AddOutcome claimed(AddStatus status, int count, QuorumClaim claim) {
    return new AddOutcome(status, count, Optional.of(claim), Optional.empty());
  }

  public static AddOutcome equivocation(EquivocationEvidence evidence) {
    return new AddOutcome(AddStatus.EQUIVOCATION, 0, Optional.empty(), Optional.of(evidence));
  }
}
