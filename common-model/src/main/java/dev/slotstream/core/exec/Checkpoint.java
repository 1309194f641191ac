package dev.slotstream.core.exec;

import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.util.List;
import java.util.Objects;

/** A completed checkpoint: its header, the archive after its last block, and its blocks. */
public record Checkpoint(
    CheckpointNumber number, CheckpointHeader header, TreeSnapshot archive, List<L2Block> blocks) {
  public Checkpoint {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(archive, "archive");
    blocks = List.copyOf(blocks);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint has at least one block");
    }
  }

  public Fr archiveRoot() {
    return archive.root();
  }

  public L2Block lastBlock() {
    return blocks.get(blocks.size() - 1);
  }

  /** Every tx effect of the checkpoint in block order: what {@code header.blobsHash} commits to. */
  public List<TxEffect> txEffects() {
    return blocks.stream().flatMap(b -> b.effects().stream()).toList();
  }

  /** What the proposer signs and attesters attest to: (header, archive root). */
  public CheckpointPayload payload() {
    return new CheckpointPayload(header, archive.root());
  }
}
