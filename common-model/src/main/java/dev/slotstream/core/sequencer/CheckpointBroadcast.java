package dev.slotstream.core.sequencer;

import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.time.SubSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The slot's checkpoint proposal, the sub-slot its last block was built in, and when it went out. */
public record CheckpointBroadcast(CheckpointProposal proposal, SubSlot subSlot, Instant at) {
  public CheckpointBroadcast {
    Objects.requireNonNull(proposal, "proposal");
    Objects.requireNonNull(subSlot, "subSlot");
    Objects.requireNonNull(at, "at");
  }

  /** From the start of the sub-slot the last block was built in to the broadcast; never negative. */
  public Duration sinceSubSlotStart() {
    Duration d = Duration.between(subSlot.start(), at);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
