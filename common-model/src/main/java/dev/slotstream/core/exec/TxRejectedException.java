package dev.slotstream.core.exec;

/** Thrown by {@link TxExecutor} before any write when a tx cannot be applied to the state. */
public final class TxRejectedException extends Exception {
  private final TxRejectionReason reason;

  public TxRejectedException(TxRejectionReason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public TxRejectionReason reason() {
    return reason;
  }

  public String detail() {
    String m = getMessage();
    return m.substring(m.indexOf(": ") + 2);
  }
}
