package dev.slotstream.core.lifecycle;

import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A checkpoint this node holds seen on L1 by its follower.
 *
 * @param committedAt when this node made it final from gossip, if it did (empty when it made it
 *     final from L1 itself, or no longer remembers): the start of its quorum-to-L1 time
 */
public record LandedEvent(
    SlotNumber slot, L1Landing landing, int txs, Optional<Instant> committedAt, Instant at) {
  public LandedEvent {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(landing, "landing");
    Objects.requireNonNull(committedAt, "committedAt");
    Objects.requireNonNull(at, "at");
  }
}
