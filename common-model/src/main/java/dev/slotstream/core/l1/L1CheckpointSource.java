package dev.slotstream.core.l1;

import java.util.List;
import java.util.Optional;

/** Read access to the rollup contract on L1, as the {@link L1Follower} needs it. */
public interface L1CheckpointSource {
  /** The newest L1 block at least the configured confirmation depth deep. */
  L1BlockRef confirmedHead();

  /** The block at {@code number} on L1's canonical chain now; empty if there is none. */
  Optional<L1BlockRef> block(long number);

  /** The checkpoints proposed in L1 blocks {@code fromBlock..toBlock} (inclusive), in order. */
  List<L1Checkpoint> checkpoints(long fromBlock, long toBlock);
}
