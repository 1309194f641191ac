package dev.slotstream.l1publisher.tx;

import dev.slotstream.l1.RollupError;
import java.util.Objects;
import java.util.Optional;

/** Revert data as the node returned it, and the Rollup custom error it decodes to, if any. */
public record L1Revert(String data, Optional<RollupError.Revert> error) {
  public L1Revert {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(error, "error");
  }

  public static L1Revert of(String data) {
    String hex = data == null || data.isBlank() ? "0x" : data;
    return new L1Revert(hex, RollupError.decode(hex));
  }

  /** The Solidity error name, or {@code unknown} for revert data that is no Rollup error. */
  public String reason() {
    return error.map(e -> e.error().solidityName()).orElse("unknown");
  }
}
