package dev.slotstream.proposer.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.proposer.tx.TxSubmission;

/**
 * The answer to an accepted submission: {@code {"txHash": "0x…", "status": "ADDED"}}, plus the
 * pool's detail and, when a pooled tx left the pool for this one, its hash.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitTxResponse(
    String txHash, AddStatus status, String detail, String displacedTxHash) {
  static SubmitTxResponse of(TxSubmission s) {
    return new SubmitTxResponse(
        s.txHash().toString(),
        s.status(),
        s.detail(),
        s.displaced().map(Object::toString).orElse(null));
  }
}
