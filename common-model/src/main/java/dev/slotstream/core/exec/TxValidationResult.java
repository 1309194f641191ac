package dev.slotstream.core.exec;

import java.util.Objects;
import java.util.Optional;

/** Either valid, or a rejection reason with a human-readable detail. */
public record TxValidationResult(TxRejectionReason reason, String detail) {
  private static final TxValidationResult VALID = new TxValidationResult(null, "valid");

  public TxValidationResult {
    Objects.requireNonNull(detail, "detail");
  }

  public static TxValidationResult valid() {
    return VALID;
  }

  public static TxValidationResult reject(TxRejectionReason reason, String detail) {
    return new TxValidationResult(Objects.requireNonNull(reason, "reason"), detail);
  }

  public boolean isValid() {
    return reason == null;
  }

  public Optional<TxRejectionReason> rejection() {
    return Optional.ofNullable(reason);
  }
}
