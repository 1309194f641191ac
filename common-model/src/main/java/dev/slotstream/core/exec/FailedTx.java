package dev.slotstream.core.exec;

import dev.slotstream.core.message.Tx;
import java.util.Objects;

/** A tx the proposer skipped, and why. */
public record FailedTx(Tx tx, TxRejectionReason reason, String detail) {
  public FailedTx {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
