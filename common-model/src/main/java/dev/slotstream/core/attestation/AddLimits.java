package dev.slotstream.core.attestation;

/**
 * The slot's committee-derived numbers for one add.
 *
 * @param quorum attestations for one checkpoint that make a quorum (⌊2n/3⌋+1)
 * @param maxPerSlot attestations (counted and evidence) kept for one slot
 */
public record AddLimits(int quorum, int maxPerSlot) {
  public AddLimits {
    if (quorum < 1 || maxPerSlot < quorum) {
      throw new IllegalArgumentException("quorum " + quorum + " / max per slot " + maxPerSlot);
    }
  }
}
