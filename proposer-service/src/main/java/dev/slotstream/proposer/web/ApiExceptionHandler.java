package dev.slotstream.proposer.web;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.proposer.tx.GossipUnavailableException;
import dev.slotstream.proposer.tx.InvalidTxException;
import dev.slotstream.proposer.tx.PoolRejectedException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the tx API as an RFC 9457 problem detail. The status says who has to act:
 *
 * <ul>
 *   <li>400: the request cannot be read: not JSON, a missing or non-hex {@code tx} field, bytes that
 *       are not a canonical tx encoding ({@code field} names the first bad field, e.g. {@code
 *       tx.nonce}), a malformed hash;
 *   <li>422: a well-formed tx that breaks a protocol rule ({@code reason}: WRONG_CHAIN, TOO_LARGE,
 *       FEE_TOO_LOW, BAD_SIGNATURE, NONCE_TOO_LOW). Resending it never helps;
 *   <li>409: UNDERPRICED: a replacement without the required fee bump, or a full pool with nothing
 *       cheaper to evict. Resend with a higher fee;
 *   <li>429: POOL_FULL or SENDER_LIMIT: capacity. Resend later (after {@code Retry-After} seconds),
 *       once txs have left the pool;
 *   <li>503: the tx topic did not acknowledge; the tx was not kept, resending is safe.
 * </ul>
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  static final String RETRY_AFTER_SECONDS = "6";

  static URI problemType(String name) {
    return URI.create("https://slotstream.dev/problems/" + name);
  }

  /** The problem {@code e} answers as, for one tx of a batch (the same as a single submission's). */
  ProblemDetail problemFor(RuntimeException e) {
    if (e instanceof DecodingException d) {
      return malformed(d);
    }
    if (e instanceof InvalidTxException i) {
      return invalid(i);
    }
    if (e instanceof PoolRejectedException p) {
      return poolRejected(p).getBody();
    }
    if (e instanceof GossipUnavailableException g) {
      return gossipUnavailable(g);
    }
    throw new IllegalArgumentException("not a tx submission error: " + e, e);
  }

  @ExceptionHandler(DecodingException.class)
  ProblemDetail malformed(DecodingException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    p.setTitle("Malformed tx");
    p.setType(problemType("malformed-tx"));
    p.setProperty("field", e.field());
    return p;
  }

  @ExceptionHandler(InvalidTxException.class)
  ProblemDetail invalid(InvalidTxException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.detail());
    p.setTitle("Invalid tx");
    p.setType(problemType("invalid-tx"));
    p.setProperty("reason", e.reason().name());
    p.setProperty("txHash", e.txHash().toString());
    return p;
  }

  @ExceptionHandler(PoolRejectedException.class)
  ResponseEntity<ProblemDetail> poolRejected(PoolRejectedException e) {
    boolean capacity = e.status() == AddStatus.POOL_FULL || e.status() == AddStatus.SENDER_LIMIT;
    HttpStatus status = capacity ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.CONFLICT;
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, e.detail());
    p.setTitle(capacity ? "Tx pool at capacity" : "Tx underpriced");
    p.setType(problemType(capacity ? "pool-capacity" : "tx-underpriced"));
    p.setProperty("reason", e.status().name());
    p.setProperty("txHash", e.txHash().toString());
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
    if (capacity) {
      answer.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return answer.body(p);
  }

  @ExceptionHandler(GossipUnavailableException.class)
  ProblemDetail gossipUnavailable(GossipUnavailableException e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "the tx could not be gossiped and was not kept; resending is safe: " + e.getMessage());
    p.setTitle("Tx topic unavailable");
    p.setType(problemType("gossip-unavailable"));
    p.setProperty("txHash", e.txHash().toString());
    return p;
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(
                f ->
                    Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
            .toList();
    FieldError first = ex.getBindingResult().getFieldError();
    String field = first == null ? "body" : first.getField();
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            first == null ? "invalid request" : field + " " + first.getDefaultMessage());
    p.setTitle("Invalid request");
    p.setType(problemType("invalid-request"));
    p.setProperty("field", field);
    p.setProperty("errors", errors);
    return handleExceptionInternal(ex, p, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "the request body is not readable as JSON {\"tx\": \"0x…\"} or bytes");
    p.setTitle("Unreadable request body");
    p.setType(problemType("invalid-request"));
    p.setProperty("field", "body");
    return handleExceptionInternal(ex, p, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getParameterValidationResults().stream()
            .flatMap(
                r ->
                    r.getResolvableErrors().stream()
                        .map(
                            e ->
                                Map.of(
                                    "field",
                                    String.valueOf(r.getMethodParameter().getParameterName()),
                                    "message",
                                    messageOf(e))))
            .toList();
    String field = errors.isEmpty() ? "request" : errors.get(0).get("field");
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            errors.isEmpty() ? "invalid request" : field + " " + errors.get(0).get("message"));
    p.setTitle("Invalid request");
    p.setType(problemType("invalid-request"));
    p.setProperty("field", field);
    p.setProperty("errors", errors);
    return handleExceptionInternal(ex, p, headers, HttpStatus.BAD_REQUEST, request);
  }

  private static String messageOf(MessageSourceResolvable e) {
    return String.valueOf(e.getDefaultMessage());
  }
}
