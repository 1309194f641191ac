package dev.slotstream.attestation.finality;

import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.Optional;

/**
 * The latest final checkpoint this service knows: the highest-slot quorum it emitted or read
 * (validated) from the quorum topic. A checkpoint is certified only if it extends it, so a proposer
 * that restarted on an old archive (or forked) never gets a quorum that conflicts with one already
 * final.
 */
public final class LatestFinalCheckpoint {
  /** The slot and archive of a final checkpoint. */
  public record Final(SlotNumber slot, Fr archive) {}

  private Final latest;

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
   * Whether {@code quorum}'s checkpoint builds on the latest final one: a later slot whose parent
   * (lastArchiveRoot) is the latest final archive. With none known yet (a fresh service), any.
   */
  public synchronized boolean extendsLatest(CheckpointQuorum quorum) {
    if (latest == null) {
      return true;
    }
    return quorum.slotNumber().value() > latest.slot().value()
        && quorum.payload().header().lastArchiveRoot().equals(latest.archive());
  }
}
