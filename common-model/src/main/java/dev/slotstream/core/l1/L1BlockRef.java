package dev.slotstream.core.l1;

import dev.slotstream.core.types.Bytes32;
import java.util.Objects;

/** One L1 block as the follower saw it: a later different hash at this number means a reorg. */
public record L1BlockRef(long number, Bytes32 hash, long timestamp) {
  public L1BlockRef {
    Objects.requireNonNull(hash, "hash");
    if (number < 0 || timestamp < 0) {
      throw new IllegalArgumentException("number and timestamp must be non-negative");
    }
  }
}
