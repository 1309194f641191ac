package dev.slotstream.core.l1;

import dev.slotstream.core.chain.CommittedCheckpoint;
import java.util.List;

/**
 * Hears what an {@link L1Follower} learns about the checkpoints this node made final, on the
 * follower's thread: a listener must not block.
 */
public interface L1FollowListener {
  /** Why checkpoints this node had made final were undone. */
  enum Undo {
    /** Final by gossip, but L1's confirmed head passed the end of its slot without it. */
    MISSED_L1,
    /** The L1 block that held it is no longer canonical. */
    L1_REORG,
    /** L1 holds a different checkpoint at its number. */
    REPLACED_BY_L1
  }

  /**
   * A checkpoint this node holds ({@code held}) is on L1 at the follower's confirmations.
   *
   * @param appliedFromL1 true when this node made it final from L1 itself, not from gossip first
   */
  default void landed(L1Checkpoint onL1, CommittedCheckpoint held, boolean appliedFromL1) {}

  /**
   * After a restart, a checkpoint this node holds (restored from its chain journal) that its L1
   * position record says was on L1 when the node stopped (§17.7). The resumed follower does not
   * scan that L1 block again, so this is all it tells of it: once, oldest first, on the first
   * round, before {@link #landed} for anything newer. Old news, not a landing seen now.
   */
  default void resumed(FollowedCheckpoint onL1, CommittedCheckpoint held) {}

  /**
   * Checkpoints undone, oldest first; told before their txs go back to the pool (a block rebuilt
   * from L1 holds effects only, so its txs cannot go back).
   */
  default void undone(List<CommittedCheckpoint> undone, Undo cause) {}
}
