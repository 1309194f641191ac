package dev.slotstream.attestation.finality;

import dev.slotstream.core.types.Fr;
import java.util.Optional;

/**
 * The archive at the Rollup contract's tip: the parent every node builds on after pruning a
 * checkpoint that missed L1 (docs/PROTOCOL.md §17.3). Empty without an L1, or when L1 does not
 * answer.
 */
@FunctionalInterface
public interface L1Tip extends AutoCloseable {
  L1Tip NONE = Optional::empty;

  Optional<Fr> archive();

  /** Releases the L1 client, if any. */
  @Override
  default void close() {}
}
