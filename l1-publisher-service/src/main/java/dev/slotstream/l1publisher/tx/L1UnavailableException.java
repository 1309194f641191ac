package dev.slotstream.l1publisher.tx;

/** L1 did not answer: retries exhausted, the call timed out, or the circuit breaker is open. */
public final class L1UnavailableException extends Exception {
  private final String method;

  L1UnavailableException(String method, Throwable cause) {
    super(method + ": L1 unavailable: " + cause, cause);
    this.method = method;
  }

  public String method() {
    return method;
  }
}
