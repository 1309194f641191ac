package dev.slotstream.validator.web;

import java.util.List;

/**
 * What this node did in one slot.
 *
 * @param status an {@code AttestationStatus} name, or {@code IN_PROGRESS} while the slot's job runs
 * @param executedIndices the block indices re-executed (and matched) so far
 * @param attestations what the node signed and published for the slot (empty unless ATTESTED)
 * @param executedAtMillis when each block was executed (unix millis), by index
 * @param receivedAtMillis when each executed block was received from gossip (unix millis), by index
 * @param finishedAtMillis when the slot's job finished (unix millis), if it has
 */
public record SlotOutcomeResponse(
    long slot,
    String status,
    String detail,
    List<Integer> executedIndices,
    List<AttestationView> attestations,
    java.util.Map<Integer, Long> executedAtMillis,
    java.util.Map<Integer, Long> receivedAtMillis,
    Long finishedAtMillis) {

  /** One published attestation: who signed it and which checkpoint. */
  public record AttestationView(String attester, String archive, String payloadHash) {}
}
