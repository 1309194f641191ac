package dev.slotstream.core.attestation;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;

/**
 * Validated checkpoint attestations, keyed by slot and proposal payload hash (never by archive: two
 * proposals with one archive but different payloads must not share a key).
 *
 * <p>Per slot, a signer's first attestation is counted; an exact duplicate (same signer, same
 * proposal payload hash) is ignored; a second, different one is kept as {@link
 * EquivocationEvidence} and reported once; anything more from that signer is dropped. The add that
 * brings a checkpoint to its quorum gets the {@link QuorumClaim}; every other add, here or in
 * another instance sharing the store, does not.
 */
public interface AttestationPool {

  /**
   * Adds an attestation whose signatures, committee membership and window were already checked.
   *
   * @param now arrival time; the first attestation's arrival starts the quorum latency
   * @param claimToken unique per call; a retried call with the same token gets its claim back
   */
  AddOutcome add(PooledAttestation attestation, AddLimits limits, Instant now, String claimToken);

  /**
   * Gives up a claim whose quorum could not be emitted, so a later add (a duplicate, here or in
   * another instance) can claim it again. No-op unless {@code token} holds the claim.
   */
  void releaseClaim(SlotNumber slot, Bytes32 proposalPayloadHash, String token);

  List<PooledAttestation> attestations(SlotNumber slot);

  List<PooledAttestation> attestations(SlotNumber slot, Bytes32 proposalPayloadHash);

  List<EquivocationEvidence> evidence(SlotNumber slot);

  PoolStats stats();

  /** Drops every slot below {@code slot}; returns how many slots went. */
  int pruneBefore(SlotNumber slot);
}
