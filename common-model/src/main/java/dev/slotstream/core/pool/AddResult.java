package dev.slotstream.core.pool;

import dev.slotstream.core.types.TxHash;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link TxPool#add}: a status, a human-readable reason, and the hash of the tx that
 * left the pool to make room for this one (the replaced tx for {@link AddStatus#REPLACED}, the
 * evicted tx for an {@link AddStatus#ADDED} into a full pool), if any.
 */
public record AddResult(AddStatus status, String reason, Optional<TxHash> displaced) {
  public AddResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(displaced, "displaced");
  }

  static AddResult of(AddStatus status, String reason) {
    return new AddResult(status, reason, Optional.empty());
  }

  static AddResult of(AddStatus status, String reason, TxHash displaced) {
    return new AddResult(status, reason, Optional.of(displaced));
  }

  public boolean accepted() {
    return status.accepted();
  }
}
