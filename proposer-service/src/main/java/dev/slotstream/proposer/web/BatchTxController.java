package dev.slotstream.proposer.web;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.types.Hex;
import dev.slotstream.proposer.tx.GossipUnavailableException;
import dev.slotstream.proposer.tx.InvalidTxException;
import dev.slotstream.proposer.tx.PoolRejectedException;
import dev.slotstream.proposer.tx.TxSubmission;
import dev.slotstream.proposer.tx.TxSubmissionService;
import dev.slotstream.proposer.tx.TxSubmissionService.BatchOutcome;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/txs/batch}: many txs in one request, each admitted as {@code POST
 * /api/v1/txs} would, and all gossiped before the broker's acknowledgements are awaited. 200 with
 * one result per tx (a bad tx never fails the others); 400 only when the request itself cannot be
 * read (not JSON, no {@code txs}, more than {@value SubmitBatchRequest#MAX_TXS}).
 */
@RestController
@RequestMapping("/api/v1")
public class BatchTxController {
  private final TxSubmissionService submissions;
  private final ApiExceptionHandler problems;

  public BatchTxController(TxSubmissionService submissions, ApiExceptionHandler problems) {
    this.submissions = submissions;
    this.problems = problems;
  }

  @PostMapping(path = "/txs/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  public SubmitBatchResponse submit(@Valid @RequestBody SubmitBatchRequest request) {
    List<byte[]> encoded = new ArrayList<>(request.txs().size());
    List<Integer> positions = new ArrayList<>(request.txs().size());
    SubmitBatchResponse.Item[] items = new SubmitBatchResponse.Item[request.txs().size()];
    for (int i = 0; i < request.txs().size(); i++) {
      try {
        encoded.add(Hex.decode(request.txs().get(i)));
        positions.add(i);
      } catch (IllegalArgumentException e) {
        items[i] =
            refused(i, new DecodingException("txs[" + i + "]", "not hex: " + e.getMessage()));
      }
    }
    List<BatchOutcome> outcomes = submissions.submitAll(encoded);
    int accepted = 0;
    for (int k = 0; k < outcomes.size(); k++) {
      int i = positions.get(k);
      if (outcomes.get(k) instanceof BatchOutcome.Accepted a) {
        TxSubmission s = a.submission();
        items[i] =
            new SubmitBatchResponse.Item(
                i,
                s.txHash().toString(),
                s.status(),
                s.detail(),
                s.displaced().map(Object::toString).orElse(null),
                null);
        accepted++;
      } else {
        items[i] = refused(i, ((BatchOutcome.Refused) outcomes.get(k)).error());
      }
    }
    return new SubmitBatchResponse(accepted, items.length - accepted, List.of(items));
  }

  private SubmitBatchResponse.Item refused(int index, RuntimeException e) {
    ProblemDetail problem = problems.problemFor(e);
    String hash = null;
    if (e instanceof InvalidTxException i) {
      hash = i.txHash().toString();
    } else if (e instanceof PoolRejectedException p) {
      hash = p.txHash().toString();
    } else if (e instanceof GossipUnavailableException g) {
      hash = g.txHash().toString();
    }
    return new SubmitBatchResponse.Item(index, hash, null, null, null, problem);
  }
}
