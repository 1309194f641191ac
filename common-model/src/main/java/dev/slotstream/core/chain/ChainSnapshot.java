package dev.slotstream.core.chain;

import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.core.types.Fr;
import java.util.List;

/**
 * What a {@link ChainStore} needs to stand at one committed checkpoint without the journal before
 * it (docs/PROTOCOL.md §11.5): the checkpoint's tip, the archive root after every checkpoint from 0
 * to it ({@link ChainStore#archiveOf} answers for all of them), and the world state after its last
 * block. Immutable: it may be encoded on any thread while the chain goes on.
 *
 * @param archives the archive root after checkpoint {@code i} at index {@code i}, 0 (genesis) to the
 *     tip's checkpoint
 */
public record ChainSnapshot(ChainTip tip, List<Fr> archives, WorldStateSnapshot state) {
  public ChainSnapshot {
    archives = List.copyOf(archives);
    if (archives.size() != tip.checkpointNumber().value() + 1) {
      throw new IllegalArgumentException(
          archives.size() + " archives for checkpoint " + tip.checkpointNumber().value());
    }
    if (!archives.get(archives.size() - 1).equals(tip.archiveRoot())
        || !state.archiveRoot().equals(tip.archiveRoot())
        || !state.blockNumber().equals(tip.blockNumber())) {
      throw new IllegalArgumentException("the tip, its archive and its state disagree: " + tip);
    }
  }

  /** The archive root at genesis: which network's chain this is. */
  public Fr genesisArchive() {
    return archives.get(0);
  }
}
