package dev.slotstream.proposer.web;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.types.Hex;
import dev.slotstream.proposer.tx.TxSubmission;
import dev.slotstream.proposer.tx.TxSubmissionService;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The proposer's tx API.
 *
 * <ul>
 *   <li>{@code POST /api/v1/txs}: JSON {@code {"tx": "0x<hex of Tx.encode()>"}}, or the raw encoded
 *       bytes as {@code application/octet-stream}. 202 ADDED / REPLACED (pooled here and
 *       acknowledged on the tx topic), 200 DUPLICATE; errors as problem details (see {@link
 *       ApiExceptionHandler}).
 *   <li>{@code POST /api/v1/txs/batch}: many txs at once ({@link BatchTxController}).
 *   <li>{@code GET /api/v1/txs/{hash}}: the tx's stage on this node, from node-chain's lifecycle
 *       API (every executing node serves it).
 *   <li>{@code GET /api/v1/pool}: pool size, bounds and counters.
 * </ul>
 */
@RestController
@RequestMapping("/api/v1")
public class TxController {
  private final TxSubmissionService submissions;
  private final TxPool pool;

  public TxController(TxSubmissionService submissions, TxPool pool) {
    this.submissions = submissions;
    this.pool = pool;
  }

  @PostMapping(path = "/txs", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<SubmitTxResponse> submitJson(@Valid @RequestBody SubmitTxRequest request) {
    byte[] encoded;
    try {
      encoded = Hex.decode(request.tx());
    } catch (IllegalArgumentException e) {
      throw new DecodingException("tx", "not hex: " + e.getMessage());
    }
    return answer(submissions.submit(encoded));
  }

  @PostMapping(path = "/txs", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  public ResponseEntity<SubmitTxResponse> submitBytes(@RequestBody byte[] encoded) {
    return answer(submissions.submit(encoded));
  }

  private static ResponseEntity<SubmitTxResponse> answer(TxSubmission submission) {
    HttpStatus status =
        submission.status() == AddStatus.DUPLICATE ? HttpStatus.OK : HttpStatus.ACCEPTED;
    return ResponseEntity.status(status).body(SubmitTxResponse.of(submission));
  }

  @GetMapping("/pool")
  public PoolView pool() {
    return PoolView.of(pool.stats(), pool.config());
  }
}
