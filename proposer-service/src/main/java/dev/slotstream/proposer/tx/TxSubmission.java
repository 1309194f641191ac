package dev.slotstream.proposer.tx;

import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.types.TxHash;
import java.util.Optional;

/**
 * An accepted submission: the tx is in this proposer's pool (ADDED, REPLACED) and on the tx topic,
 * or was there already (DUPLICATE).
 *
 * @param displaced the tx that left the pool for this one (replaced, or evicted from a full pool)
 */
public record TxSubmission(
    TxHash txHash, AddStatus status, String detail, Optional<TxHash> displaced) {}
