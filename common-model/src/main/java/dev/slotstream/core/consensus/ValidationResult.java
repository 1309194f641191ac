package dev.slotstream.core.consensus;

import dev.slotstream.core.types.EthAddress;
import java.util.Optional;

/** The outcome of checking a message on receipt: accepted with its recovered signer, or why not. */
public record ValidationResult(
    Optional<EthAddress> signer, Optional<RejectionReason> reason, String detail) {

  public static ValidationResult accept(EthAddress signer) {
    return new ValidationResult(Optional.of(signer), Optional.empty(), "ok");
  }

  public static ValidationResult reject(RejectionReason reason, String detail) {
    return new ValidationResult(Optional.empty(), Optional.of(reason), detail);
  }

  public boolean isValid() {
    return reason.isEmpty();
  }

  @Override
  public String toString() {
    return reason
        .map(r -> r + ": " + detail)
        .orElseGet(() -> "valid, signed by " + signer.orElseThrow());
  }
}
