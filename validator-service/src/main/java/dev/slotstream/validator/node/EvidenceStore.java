package dev.slotstream.validator.node;

import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.EquivocationEvidence;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Equivocation proofs this node saw, newest last, at most {@code capacity} (oldest dropped first:
 * a flood of forged-looking evidence must not grow the heap). In memory only; every proof is also
 * logged with both message ids.
 */
public final class EvidenceStore {
  private final int capacity;
  private final Deque<EquivocationEvidence> evidence = new ArrayDeque<>();

  public EvidenceStore(int capacity) {
    this.capacity = capacity;
  }

  /** Adds the proof unless an equal one (same kind, slot, index, signer and ids) is kept. */
  public synchronized boolean add(EquivocationEvidence e) {
    if (evidence.contains(e)) {
      return false;
    }
    evidence.addLast(e);
    while (evidence.size() > capacity) {
      evidence.removeFirst();
    }
    return true;
  }

  public synchronized List<EquivocationEvidence> all() {
    return List.copyOf(evidence);
  }

  public synchronized List<EquivocationEvidence> forSlot(SlotNumber slot) {
    return evidence.stream().filter(e -> e.slot().equals(slot)).toList();
  }

  public synchronized int size() {
    return evidence.size();
  }
}
