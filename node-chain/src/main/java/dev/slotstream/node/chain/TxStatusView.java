package dev.slotstream.node.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slotstream.core.lifecycle.TxStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code {"txHash", "status", "slot", "block", "blockIndex", "position", "checkpoint", "reason",
 * "reachedAt": {"PENDING": "…", …}}}: absent fields are not reached (yet).
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
        times);
  }
}
