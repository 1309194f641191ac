package dev.slotstream.core.catchup;

import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.types.SlotNumber;
import java.util.Optional;

/**
 * The sync gate of a node that catches up from the gossip log (docs/PROTOCOL.md §13.6), fed by
 * {@link GossipCatchUp}: closed from start-up until a first run has compared the chain with the
 * quorum topic, while a run re-executes checkpoints the node missed, and after a run that could not
 * reach the newest quorum (records gone, or not verifying); open once a run ends with the node's tip
 * at the newest verified quorum. Thread-safe: the catch-up thread writes, duty threads read.
 */
public final class GossipSync implements SyncGate {

  /** Where the node stands against the quorum topic. */
  public enum State {
    /** No run has completed since start-up. */
    STARTING,
    /** A run is re-executing checkpoints the node missed. */
    CATCHING_UP,
    /** The node's tip is the newest verified quorum's checkpoint (or no quorum is newer). */
    SYNCED,
    /** The last run could not reach the newest quorum; duties stay held back. */
    STUCK
  }

  /** One immutable value, so readers see a consistent state. */
  public record Status(State state, String detail) {}

  private volatile Status status =
      new Status(State.STARTING, "not yet compared with the quorum topic");

  void catchingUp(String detail) {
    status = new Status(State.CATCHING_UP, detail);
  }

  void synced(String detail) {
    status = new Status(State.SYNCED, detail);
  }

  void stuck(String detail) {
    status = new Status(State.STUCK, detail);
  }

  /** The log could not be read; the state stays what it was, with the reason. */
  public void unreadable(String detail) {
    Status s = status;
    if (s.state() != State.SYNCED) {
      status = new Status(s.state(), detail);
    }
  }

  public Status status() {
    return status;
  }

  @Override
  public Optional<String> holdBack(Duty duty, SlotNumber slot) {
    Status s = status;
    return switch (s.state()) {
      case SYNCED -> Optional.empty();
      case STARTING -> Optional.of("syncing from gossip: " + s.detail());
      case CATCHING_UP -> Optional.of("catching up from gossip: " + s.detail());
      case STUCK -> Optional.of("behind the gossip chain and cannot catch up: " + s.detail());
    };
  }

  /** Whether every duty may be performed now. */
  public boolean inSync() {
    return status.state() == State.SYNCED;
  }
}
