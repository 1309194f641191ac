package dev.slotstream.core.catchup;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the gossip log still holds (docs/PROTOCOL.md §13.6): the quorum topic from an instant on, and
 * a slot's proposals. Over Kafka it is read by timestamp ({@code offsetsForTimes}); records that
 * retention removed are simply not there. Calls may block and may throw when the log cannot be read
 * (the caller retries).
 */
public interface GossipHistory {

  /** A message read back from the log with the instant it was published (the record timestamp). */
  record Published<T>(T message, Instant publishedAt) {
    public Published {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(publishedAt, "publishedAt");
    }
  }

  /**
   * The quorum events published at or after {@code from}, at most {@code max} of them: the earliest
   * published (with several partitions, the earliest across all of them, not the first {@code max}
   * one partition happens to give), in log order within a partition.
   */
  List<Published<CheckpointQuorum>> quorumsFrom(Instant from, int max);

  /** The block proposals of {@code slot} published within {@code [from, to]}, in log order. */
  List<Published<BlockProposal>> blockProposals(SlotNumber slot, Instant from, Instant to);

  /** The checkpoint proposals of {@code slot} published within {@code [from, to]}, in log order. */
  List<Published<CheckpointProposal>> checkpointProposals(
      SlotNumber slot, Instant from, Instant to);
}
