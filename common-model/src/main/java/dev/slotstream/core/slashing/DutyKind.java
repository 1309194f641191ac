package dev.slotstream.core.slashing;

/** What a signature is for. Each kind has its own duty records; they never conflict with each other. */
public enum DutyKind {
  /** A block within a checkpoint: one per (slot, index). */
  BLOCK_PROPOSAL,
  /** The checkpoint proposal of a slot: one per slot. */
  CHECKPOINT_PROPOSAL,
  /** An attestation to a slot's checkpoint: one per slot, and slots only ever go up. */
  CHECKPOINT_ATTESTATION
}
