package dev.slotstream.core.slashing;

import dev.slotstream.core.types.Bytes32;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The approval rules for one signer, over the records it has approved so far. Not thread-safe: the
 * owner holds the signer's lock around {@link #decide} and {@link #record}, with the durable write
 * in between.
 */
final class SignerHistory {
  private record Key(DutyKind kind, long slot, int index) {}

  /** How a record relates to what is held for its duty. */
  enum Merge {
    /** No record of the duty yet. */
    NEW,
    /** The same payload, or anything over an unknown one: nothing to add. */
    KNOWN,
    /** An unknown payload over a known one: the duty must refuse everything from now on. */
    TIGHTEN,
    /** Another known payload: the key signed two, and the duty must refuse everything. */
    CONFLICT
  }

  private static final Comparator<SigningRecord> ORDER =
      Comparator.comparing(SigningRecord::kind)
          .thenComparingLong(r -> r.slot().value())
          .thenComparingInt(SigningRecord::index);

  private final Map<Key, SigningRecord> approved = new HashMap<>();
  private long highestAttestedSlot = -1;

  SigningDecision decide(SigningDuty duty, Bytes32 payloadHash) {
    SigningRecord previous = approved.get(key(duty.kind(), duty.slot().value(), duty.index()));
    if (previous != null) {
      if (previous.payloadHash() == null) {
        return SigningDecision.refused(
            "would equivocate: "
                + duty
                + " was signed with a payload this record does not know (imported), refusing "
                + payloadHash.toHex());
      }
      if (previous.payloadHash().equals(payloadHash)) {
        return SigningDecision.allowedRepeat();
      }
      return SigningDecision.refused(
          "would equivocate: "
              + duty
              + " already signed payload "
              + previous.payloadHash().toHex()
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

  /** How {@code r} would merge into this history, without changing it. */
  Merge classify(SigningRecord r) {
    SigningRecord previous = approved.get(key(r.kind(), r.slot().value(), r.index()));
    if (previous == null) {
      return Merge.NEW;
    }
    if (previous.payloadHash() == null || previous.payloadHash().equals(r.payloadHash())) {
      return Merge.KNOWN;
    }
    return r.payloadHash() == null ? Merge.TIGHTEN : Merge.CONFLICT;
  }

  /**
   * Adds an approved record. An unknown payload replaces a known one (it only ever refuses more).
   * Returns false (and changes nothing) if it names a different known payload than the held one:
   * only possible for records read from a tampered store.
   */
  boolean record(SigningRecord r) {
    Key key = key(r.kind(), r.slot().value(), r.index());
    SigningRecord previous = approved.get(key);
    if (previous != null
        && previous.payloadHash() != null
        && r.payloadHash() != null
        && !previous.payloadHash().equals(r.payloadHash())) {
      return false;
    }
    if (previous == null || r.payloadHash() == null) {
      approved.put(key, r);
    }
    if (r.kind() == DutyKind.CHECKPOINT_ATTESTATION) {
      highestAttestedSlot = Math.max(highestAttestedSlot, r.slot().value());
    }
    return true;
  }

  /** Every record, by kind, slot and index. */
  List<SigningRecord> records() {
    List<SigningRecord> out = new ArrayList<>(approved.values());
    out.sort(ORDER);
    return out;
  }

  int size() {
    return approved.size();
  }

  private static Key key(DutyKind kind, long slot, int index) {
    return new Key(kind, slot, index);
  }
}
