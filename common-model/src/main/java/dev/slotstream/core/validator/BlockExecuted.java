package dev.slotstream.core.validator;

import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A block this node re-executed to exactly the proposed state.
 *
 * @param broadcastAt when the proposer sent it (the gossip record's timestamp, the proposer's
 *     clock), if the transport told; for the last block, when the checkpoint proposal was sent
 * @param receivedAt when this node received it
 * @param txHashes the block's txs, in order
 */
public record BlockExecuted(
    SlotNumber slot,
    int index,
    Optional<Instant> broadcastAt,
    Instant receivedAt,
    Instant executedAt,
    BlockNumber block,
    List<TxHash> txHashes) {
  public BlockExecuted {
    Objects.requireNonNull(block, "block");
    txHashes = List.copyOf(txHashes);
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(broadcastAt, "broadcastAt");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(executedAt, "executedAt");
  }

  public Duration sinceReceipt() {
    return nonNegative(Duration.between(receivedAt, executedAt));
  }

  /** Clocks of two machines: a skewed proposer clock must not give a negative sample. */
  public Optional<Duration> sinceBroadcast() {
    return broadcastAt.map(b -> nonNegative(Duration.between(b, executedAt)));
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
