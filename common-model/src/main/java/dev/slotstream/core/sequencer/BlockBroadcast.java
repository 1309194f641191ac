package dev.slotstream.core.sequencer;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.time.SubSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A block proposal the job sent on its own, the sub-slot it was built in, and when it went out. */
public record BlockBroadcast(BlockProposal proposal, SubSlot subSlot, Instant at) {
  public BlockBroadcast {
    Objects.requireNonNull(proposal, "proposal");
    Objects.requireNonNull(subSlot, "subSlot");
    Objects.requireNonNull(at, "at");
  }

  /** From the start of the sub-slot the block was built in to its broadcast; never negative. */
  public Duration sinceSubSlotStart() {
    Duration d = Duration.between(subSlot.start(), at);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
