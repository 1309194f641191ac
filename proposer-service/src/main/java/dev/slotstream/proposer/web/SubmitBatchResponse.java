package dev.slotstream.proposer.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slotstream.core.pool.AddStatus;
import java.util.List;
import org.springframework.http.ProblemDetail;

/**
 * A batch's answer: how many txs were accepted and refused, and one result per tx in request order,
 * either the pool's status (as a single submission's 2xx body) or the problem detail a single
 * submission would have been refused with (its {@code status} is that 4xx/503).
 */
public record SubmitBatchResponse(int accepted, int refused, List<Item> results) {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(
      int index,
      String txHash,
      AddStatus status,
      String detail,
      String displacedTxHash,
      ProblemDetail problem) {}
}
