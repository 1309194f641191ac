package dev.slotstream.core.duty;

import dev.slotstream.core.types.SlotNumber;
import java.util.Optional;

/**
 * Whether this node may sign a duty now (docs/PROTOCOL.md §17.6): a node that has not caught up
 * with the canonical chain (L1) would propose on a stale tip or attest to what it cannot check, so
 * the proposer ({@code Sequencer}) and the validator ({@code CheckpointAttestationJob}) ask the
 * gate right before they sign and skip the duty while it is closed.
 */
@FunctionalInterface
public interface SyncGate {

  /** The duties the gate holds back. */
  enum Duty {
    PROPOSE,
    ATTEST
  }

  /** Why {@code duty} of {@code slot} must not be performed now; empty when it may. */
  Optional<String> holdBack(Duty duty, SlotNumber slot);

  /** A node without an L1 follower: gossip is all it has, so nothing is held back. */
  SyncGate OPEN = (duty, slot) -> Optional.empty();
}
