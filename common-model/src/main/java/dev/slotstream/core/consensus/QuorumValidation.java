package dev.slotstream.core.consensus;

import java.util.Optional;

/** A quorum checked by {@link QuorumValidator}: certified, or refused with its reason. */
public record QuorumValidation(
    Optional<VerifiedQuorum> verified, Optional<RejectionReason> reason, String detail) {

  static QuorumValidation accept(VerifiedQuorum quorum) {
    return new QuorumValidation(Optional.of(quorum), Optional.empty(), "ok");
  }

  static QuorumValidation reject(RejectionReason reason, String detail) {
    return new QuorumValidation(Optional.empty(), Optional.of(reason), detail);
  }

  public boolean isValid() {
    return verified.isPresent();
  }

  @Override
  public String toString() {
    return reason.map(r -> r + ": " + detail).orElseGet(() -> verified.orElseThrow().toString());
  }
}
