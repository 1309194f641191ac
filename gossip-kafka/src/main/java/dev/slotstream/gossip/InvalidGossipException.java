package dev.slotstream.gossip;

import java.util.Objects;

/**
 * Thrown by a listener (or a validator it calls) for a well-formed but invalid message. The gossip
 * error handler does not retry it: it counts, logs and dead-letters the record with {@link #reason()}
 * and {@link #detail()}.
 */
public class InvalidGossipException extends RuntimeException {
  private final RejectReason reason;
  private final String detail;

  public InvalidGossipException(RejectReason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = detail;
  }

  public InvalidGossipException(RejectReason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = detail;
  }

  public RejectReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }
}
