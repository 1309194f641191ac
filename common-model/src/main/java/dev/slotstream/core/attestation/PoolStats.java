package dev.slotstream.core.attestation;

/**
 * A snapshot of the pool.
 *
 * @param slots slots with at least one attestation
 * @param oldestSlot lowest such slot, or null
 * @param newestSlot highest such slot, or null
 * @param attestations attestations counted towards a quorum, over all slots
 * @param evidence equivocation evidence records, over all slots
 * @param quorums checkpoints whose quorum has been claimed
 */
public record PoolStats(
    int slots, Long oldestSlot, Long newestSlot, long attestations, long evidence, long quorums) {}
