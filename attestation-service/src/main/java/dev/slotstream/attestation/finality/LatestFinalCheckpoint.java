package dev.slotstream.attestation.finality;

import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.Optional;

/**
 * The latest final checkpoint this service knows: the highest-slot quorum it emitted or read
 * (validated) from the quorum topic. A checkpoint is certified only if it extends it, or, after the
 * nodes pruned a gossip-final checkpoint that missed L1, the L1 tip; so a proposer that restarted on
 * an old archive (or forked) never gets a quorum that conflicts with one already final.
 */
public final class LatestFinalCheckpoint implements AutoCloseable {
  /** The slot and archive of a final checkpoint. */
  public record Final(SlotNumber slot, Fr archive) {}

  private final L1Tip l1Tip;
  private Final latest;

  public LatestFinalCheckpoint() {
    this(L1Tip.NONE);
  }

  public LatestFinalCheckpoint(L1Tip l1Tip) {
    this.l1Tip = l1Tip;
  }

  /** Spring calls it when the context closes (inferred destroy method). */
  @Override
  public void close() {
    l1Tip.close();
  }

  /** Records {@code quorum} as final if it is later than the latest known; true if it was. */
  public synchronized boolean onFinal(CheckpointQuorum quorum) {
    if (latest != null && quorum.slotNumber().value() <= latest.slot().value()) {
      return false;
    }
    latest = new Final(quorum.slotNumber(), quorum.payload().archive());
    return true;
  }

  public synchronized Optional<Final> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * Whether {@code quorum}'s checkpoint may be certified: a slot later than the latest final one
   * whose parent (lastArchiveRoot) is the latest final archive or the L1 tip's archive (docs/
   * PROTOCOL.md §17.4). With none known yet (a fresh service), any.
   */
  public boolean extendsLatest(CheckpointQuorum quorum) {
    Fr parent = quorum.payload().header().lastArchiveRoot();
    synchronized (this) {
      if (latest == null) {
        return true;
      }
      if (quorum.slotNumber().value() <= latest.slot().value()) {
        return false;
      }
      if (parent.equals(latest.archive())) {
        return true;
      }
    }
    // Rare (a prune or a stale proposer), so L1 is asked only then, outside the lock.
    return l1Tip.archive().filter(parent::equals).isPresent();
  }
}
