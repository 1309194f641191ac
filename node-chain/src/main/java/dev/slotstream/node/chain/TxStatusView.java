package dev.slotstream.node.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slotstream.core.lifecycle.TxStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code {"txHash", "status", "slot", "block", "blockIndex", "position", "checkpoint", "reason",
 * "l1Block", "l1BlockHash", "l1TxHash", "reachedAt": {"PENDING": "…", …}}}: absent fields are not
 * reached (yet). {@code reason} says why a tx was REJECTED or DROPPED, or why it is PENDING again
 * (its checkpoint was undone: {@code PRUNED}, {@code L1_REORG}, {@code REPLACED_BY_L1}); the
 * {@code l1*} fields are where its checkpoint landed, once ON_L1. A tx known again after the node
 * restarted on its data dir has no {@code reachedAt} time for the stages it reached before the
 * restart (docs/PROTOCOL.md §11.5, §17.7).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TxStatusView(
    String txHash,
    String status,
    Long slot,
    Long block,
    Integer blockIndex,
    Integer position,
    Long checkpoint,
    String reason,
    Long l1Block,
    String l1BlockHash,
    String l1TxHash,
    Map<String, String> reachedAt) {
  static TxStatusView of(TxStatus s) {
    Map<String, String> times = new LinkedHashMap<>();
    s.reachedAt().forEach((stage, at) -> times.put(stage.name(), at.toString()));
    return new TxStatusView(
        s.hash().toString(),
        s.stage().name(),
        s.inclusion().map(i -> i.slot().value()).orElse(null),
        s.inclusion().map(i -> i.block().value()).orElse(null),
        s.inclusion().map(i -> i.blockIndex()).orElse(null),
        s.inclusion().map(i -> i.position()).orElse(null),
        s.checkpoint().map(c -> c.value()).orElse(null),
        s.reason().orElse(null),
        s.l1().map(l -> l.l1Block()).orElse(null),
        s.l1().map(l -> l.l1BlockHash().toString()).orElse(null),
        s.l1().map(l -> l.l1TxHash().toString()).orElse(null),
        times);
  }
}
