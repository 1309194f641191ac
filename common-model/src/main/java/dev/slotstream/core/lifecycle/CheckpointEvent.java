package dev.slotstream.core.lifecycle;

import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A checkpoint that reached quorum and became this node's tip, with the blocks it made final. */
public record CheckpointEvent(
    SlotNumber slot, CheckpointNumber checkpoint, List<BlockNumber> blocks, int txs, Instant at) {
  public CheckpointEvent {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(at, "at");
    blocks = List.copyOf(blocks);
  }
}
