package dev.slotstream.core.l1;

/** An L1 checkpoint that does not rebuild on this node's state: its data contradicts its header. */
public final class RebuildException extends Exception {
  private static final long serialVersionUID = 1L;

  public RebuildException(String message) {
    super(message);
  }
}
