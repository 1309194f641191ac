package dev.slotstream.node.chain;

import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.types.TxHash;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Where a tx is, on any executing node (proposer or validator).
 *
 * <ul>
 *   <li>{@code GET /api/v1/txs/{hash}}: 200 {@link TxStatusView} (PENDING, PROPOSED, EXECUTED,
 *       CHECKPOINTED, ON_L1 with the L1 block and tx, or REJECTED / DROPPED with its reason),
 *       404 if this node has not seen it among its recent txs;
 *   <li>{@code GET /api/v1/txs/{hash}/events}: server-sent {@code stage} events, the current stage
 *       first, until its last stage on this node (ON_L1 on a node that follows L1, else
 *       CHECKPOINTED; or REJECTED); 503 when the node follows as many txs as it allows;
 *   <li>{@code GET /api/v1/events}: server-sent {@code block} events (each block as broadcast or
 *       received, then as executed: pre-confirmations), {@code checkpoint} events (final on L2) and
 *       {@code l1} events (a checkpoint seen on L1, on a node that follows L1).
 * </ul>
 */
@RestController
@RequestMapping("/api/v1")
public class TxLifecycleController {
  static final String TX_HASH = "^0[xX][0-9a-fA-F]{64}$";
  private static final String HASH_MESSAGE = "must be a 32-byte hex tx hash (0x + 64 hex digits)";

  private final TxLifecycle lifecycle;
  private final LifecycleEventStream events;

  TxLifecycleController(TxLifecycle lifecycle, LifecycleEventStream events) {
    this.lifecycle = lifecycle;
    this.events = events;
  }

  @GetMapping(path = "/txs/{hash}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> tx(
      @PathVariable @Pattern(regexp = TX_HASH, message = HASH_MESSAGE) String hash) {
    TxHash txHash = TxHash.fromHex(hash);
    return lifecycle
        .status(txHash)
        .<ResponseEntity<?>>map(s -> ResponseEntity.ok(TxStatusView.of(s)))
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(unknown(txHash)));
  }

  @GetMapping(path = "/txs/{hash}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public ResponseEntity<?> txEvents(
      @PathVariable @Pattern(regexp = TX_HASH, message = HASH_MESSAGE) String hash) {
    return events
        .followTx(TxHash.fromHex(hash))
        .<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(
            () -> {
              ProblemDetail p =
                  ProblemDetail.forStatusAndDetail(
                      HttpStatus.SERVICE_UNAVAILABLE,
                      "this node follows as many txs as it allows; poll GET /api/v1/txs/{hash}");
              p.setTitle("Too many tx subscriptions");
              p.setType(URI.create("https://slotstream.dev/problems/too-many-subscriptions"));
              return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                  .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                  .body(p);
            });
  }

  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter chainEvents() {
    return events.followChain();
  }

  private static ProblemDetail unknown(TxHash hash) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND,
            "tx "
                + hash
                + " is unknown to this node: never seen here, or older than the txs it remembers");
    problem.setTitle("Tx unknown");
    problem.setType(URI.create("https://slotstream.dev/problems/tx-unknown"));
    problem.setProperty("txHash", hash.toString());
    return problem;
  }
}
