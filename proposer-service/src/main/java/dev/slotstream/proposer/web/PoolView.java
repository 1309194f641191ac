package dev.slotstream.proposer.web;

import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.pool.TxPoolStats;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/v1/pool}: the pool's size, bounds and cumulative counters. */
public record PoolView(
    int size,
    int senders,
    int maxTxs,
    int maxTxsPerSender,
    long added,
    long replaced,
    Map<AddStatus, Long> rejected,
    long evicted,
    long removed,
    long pruned) {

  static PoolView of(TxPoolStats stats, TxPoolConfig config) {
    return new PoolView(
        stats.size(),
        stats.senders(),
        config.maxTxs(),
        config.maxTxsPerSender(),
        stats.added(),
        stats.replaced(),
        new TreeMap<>(stats.rejected()),
        stats.evicted(),
        stats.removed(),
        stats.pruned());
  }
}
