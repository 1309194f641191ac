package dev.slotstream.node.l1;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Start-up refused: this node's configuration disagrees with the Rollup contract or the L1 node
 * (every differing value is listed), or L1 could not be read to find out.
 * {@link RollupConfigurationFailureAnalyzer} turns it into the operator's report.
 */
public class RollupConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why start-up was refused. */
  public enum Reason {
    /** L1 answered, and at least one value differs. */
    MISMATCH,
    /** L1 did not answer within the configured attempts. */
    L1_UNREACHABLE
  }

  private final Reason reason;
  private final transient List<Mismatch> mismatches;

  private RollupConfigurationException(
      Reason reason, String message, List<Mismatch> mismatches, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.mismatches = List.copyOf(mismatches);
  }

  public static RollupConfigurationException mismatch(
      String rollupAddress, List<Mismatch> mismatches) {
    return new RollupConfigurationException(
        Reason.MISMATCH,
        "this node's configuration disagrees with L1 (Rollup contract at "
            + rollupAddress
            + ") on "
            + mismatches.size()
            + " value(s):\n"
            + mismatches.stream().map(m -> "  - " + m.describe()).collect(Collectors.joining("\n")),
        mismatches,
        null);
  }

  public static RollupConfigurationException unreachable(
      String rpcUrl, int attempts, Throwable cause) {
    return new RollupConfigurationException(
        Reason.L1_UNREACHABLE,
        "could not read the Rollup contract from the L1 node at "
            + rpcUrl
            + " after "
            + attempts
            + " attempt(s): "
            + cause,
        List.of(),
        cause);
  }

  public Reason reason() {
    return reason;
  }

  public List<Mismatch> mismatches() {
    return mismatches;
  }
}
