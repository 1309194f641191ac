package dev.slotstream.core.attestation;

import java.time.Instant;
import java.util.List;

/**
 * The right, held by one caller only, to emit the quorum of one checkpoint.
 *
 * @param attestations the checkpoint's attestations at the moment the quorum was reached
 * @param firstSeen when the pool stored the checkpoint's first attestation
 * @param token the claim's owner token; {@link AttestationPool#releaseClaim} needs it
 */
public record QuorumClaim(List<PooledAttestation> attestations, Instant firstSeen, String token) {
  public QuorumClaim {
    attestations = List.copyOf(attestations);
  }
}
