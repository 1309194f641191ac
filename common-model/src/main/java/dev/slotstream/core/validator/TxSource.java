package dev.slotstream.core.validator;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.TxPool;
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

  /**
   * The txs a proposal carries, each replaced by the equal tx this source already holds, if any, so
   * the checkpoint kept for rollbacks holds the copy already in memory and the proposal's copy dies
   * young. By default, {@code carried} itself.
   */
  default List<Tx> shared(List<Tx> carried) {
    return carried;
  }

  /** The node's pool: it waits for the txs named, and shares its copies of the txs carried. */
  static TxSource of(TxPool pool) {
    return new TxSource() {
      @Override
      public CompletableFuture<List<Tx>> txs(List<TxHash> hashes) {
        return pool.awaitTxs(hashes);
      }

      @Override
      public List<Tx> shared(List<Tx> carried) {
        return pool.pooledInstances(carried);
      }
    };
  }
}
