package dev.slotstream.core.slashing;

import java.util.Objects;

/** An interchange document that cannot be imported; nothing of it was imported. */
public class InterchangeException extends RuntimeException {
  /** Why the document was refused. */
  public enum Problem {
    /** Not JSON, or not the EIP-3076 shape, or a value that maps to no Slotstream duty. */
    MALFORMED,
    /** {@code interchange_format_version} is not "5". */
    UNSUPPORTED_VERSION,
    /** {@code genesis_validators_root} is another network's domain separator. */
    WRONG_NETWORK
  }

  private final Problem problem;

  public InterchangeException(Problem problem, String message) {
    super(message);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public InterchangeException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public Problem problem() {
    return problem;
  }
}
