package dev.slotstream.core.attestation;

/** What the pool did with an attestation. */
public enum AddStatus {
  /** Stored and counted towards its checkpoint's quorum. */
  ADDED,
  /** The signer already attested to this checkpoint in this slot (same payload, any signature). */
  DUPLICATE,
  /**
   * The signer's second, different attestation in the slot: kept as evidence, not counted. Reported
   * once per (slot, signer).
   */
  EQUIVOCATION,
  /** The signer already has two attestations in the slot; a third is dropped. */
  SIGNER_CAP,
  /** The slot holds its maximum number of attestations; dropped. */
  SLOT_FULL
}
