package dev.slotstream.core.slashing;

import dev.slotstream.core.types.Bytes32;
import java.util.HashMap;
import java.util.Map;

/**
 * The approval rules for one signer, over the records it has approved so far. Not thread-safe: the
 * owner holds the signer's lock around {@link #decide} and {@link #record}, with the durable write
 * in between.
 */
final class SignerHistory {
  private record Key(DutyKind kind, long slot, int index) {}

  private final Map<Key, Bytes32> approved = new HashMap<>();
  private long highestAttestedSlot = -1;

  SigningDecision decide(SigningDuty duty, Bytes32 payloadHash) {
    Bytes32 previous = approved.get(key(duty.kind(), duty.slot().value(), duty.index()));
    if (previous != null) {
      if (previous.equals(payloadHash)) {
        return SigningDecision.allowedRepeat();
      }
      return SigningDecision.refused(
          "would equivocate: "
              + duty
              + " already signed payload "
              + previous.toHex()
              + ", refusing "
              + payloadHash.toHex());
    }
    if (duty.kind() == DutyKind.CHECKPOINT_ATTESTATION
        && duty.slot().value() <= highestAttestedSlot) {
      return SigningDecision.refused(
          "attestation slot "
              + duty.slot()
              + " is not above the highest attested slot "
              + highestAttestedSlot
              + " of "
              + duty.signer());
    }
    return SigningDecision.allowedNew();
  }

  /**
   * Adds an approved record. Returns false (and changes nothing) if it conflicts with an existing
   * record of the same duty: only possible for records read from a tampered store.
   */
  boolean record(SigningRecord r) {
    Key key = key(r.kind(), r.slot().value(), r.index());
    Bytes32 previous = approved.putIfAbsent(key, r.payloadHash());
    if (previous != null && !previous.equals(r.payloadHash())) {
      return false;
    }
    if (r.kind() == DutyKind.CHECKPOINT_ATTESTATION) {
      highestAttestedSlot = Math.max(highestAttestedSlot, r.slot().value());
    }
    return true;
  }

  int size() {
    return approved.size();
  }

  private static Key key(DutyKind kind, long slot, int index) {
    return new Key(kind, slot, index);
  }
}
