package dev.slotstream.core.pool;

import java.util.Map;

/**
 * A snapshot of a {@link TxPool}'s counters for metrics. Counters are cumulative since the pool was
 * created; {@code size} is the current number of txs.
 *
 * @param size txs pooled now
 * @param senders senders with at least one pooled tx
 * @param added txs accepted as new ({@link AddStatus#ADDED})
 * @param replaced txs accepted as replacements ({@link AddStatus#REPLACED})
 * @param rejected rejected adds per status (every status except ADDED and REPLACED; zero included)
 * @param evicted txs evicted to make room for a better-paying one
 * @param removed txs removed by {@link TxPool#remove} (after inclusion)
 * @param pruned txs dropped by {@link TxPool#pruneStale} (nonce below the account nonce)
 */
public record TxPoolStats(
    int size,
    int senders,
    long added,
    long replaced,
    Map<AddStatus, Long> rejected,
    long evicted,
    long removed,
    long pruned) {
  public TxPoolStats {
    rejected = Map.copyOf(rejected);
  }

  public long rejected(AddStatus status) {
    return rejected.getOrDefault(status, 0L);
  }
}
