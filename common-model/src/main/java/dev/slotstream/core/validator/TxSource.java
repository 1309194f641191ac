package dev.slotstream.core.validator;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.TxHash;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a validator finds the txs a proposal names without carrying them: its own pool, fed by the
 * tx topic. The future completes when all are present; the job applies the deadline.
 */
@FunctionalInterface
public interface TxSource {
  CompletableFuture<List<Tx>> txs(List<TxHash> hashes);
}
