package dev.slotstream.core.l1;

import java.util.List;
import java.util.Optional;

/**
 * Where an {@link L1Follower} keeps the checkpoints it followed across restarts, so that it resumes
 * scanning near where it was instead of from the contract's deployment block (docs/PROTOCOL.md
 * §17.7). An optimisation only: the follower checks what it loads against the node's chain and L1
 * and scans from deployment when anything disagrees.
 */
public interface L1PositionStore {
  /**
   * What was saved last, oldest first; empty when nothing was.
   *
   * @throws RuntimeException when what is there cannot be read (the follower then scans in full)
   */
  Optional<List<FollowedCheckpoint>> load();

  /** Replaces what was saved; a failure leaves the previous record whole. */
  void save(List<FollowedCheckpoint> followed);
}
