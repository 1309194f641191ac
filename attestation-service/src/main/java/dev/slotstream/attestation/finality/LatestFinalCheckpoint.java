package dev.slotstream.attestation.finality;

import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The final checkpoints this service knows: the quorums it emitted or read (validated) from the
 * quorum topic, newest last. A checkpoint is certified only if it builds on one of them, so a
 * proposer that restarted on an archive the network never finalised (or forked) gets no quorum.
 *
 * <p>A gossip-final checkpoint is not yet on L1: one that missed its L1 slot is pruned by every
 * node (docs/PROTOCOL.md §17), which then builds on an earlier final checkpoint, the L1 tip. This
 * service does not read L1, so once a later slot is being certified it also accepts an earlier
 * final checkpoint (or the parent of the oldest it knows) as the parent; L1 itself takes only the
 * checkpoint that names its tip.
 */
public final class LatestFinalCheckpoint {
  /** The slot and archive of a final checkpoint, and its parent's archive. */
  public record Final(SlotNumber slot, Fr archive, Fr parent) {}

  /** Enough final checkpoints to reach back past any prune: L1 windows are one slot long. */
  static final int KEPT = 64;

  private final Deque<Final> finals = new ArrayDeque<>();

  /** Records {@code quorum} as final if it is later than the latest known; true if it was. */
  public synchronized boolean onFinal(CheckpointQuorum quorum) {
    Final latest = finals.peekLast();
    if (latest != null && quorum.slotNumber().value() <= latest.slot().value()) {
      return false;
    }
    finals.addLast(
        new Final(
            quorum.slotNumber(),
            quorum.payload().archive(),
            quorum.payload().header().lastArchiveRoot()));
    if (finals.size() > KEPT) {
      finals.removeFirst();
    }
    return true;
  }

  public synchronized Optional<Final> latest() {
    return Optional.ofNullable(finals.peekLast());
  }

  /**
   * Whether {@code quorum}'s checkpoint may be certified: a slot later than the latest final one
   * whose parent (lastArchiveRoot) is the latest final archive or, after a prune, an earlier final
   * archive this service knows. With none known yet (a fresh service), any.
   */
  public synchronized boolean extendsLatest(CheckpointQuorum quorum) {
    Final latest = finals.peekLast();
    if (latest == null) {
      return true;
    }
    if (quorum.slotNumber().value() <= latest.slot().value()) {
      return false;
    }
    Fr parent = quorum.payload().header().lastArchiveRoot();
    if (parent.equals(latest.archive())) {
      return true;
    }
    for (Final f : finals) {
      if (parent.equals(f.archive()) || parent.equals(f.parent())) {
        return true;
      }
    }
    return false;
  }
}
