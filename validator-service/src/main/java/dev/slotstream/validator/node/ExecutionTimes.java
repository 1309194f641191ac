package dev.slotstream.validator.node;

import dev.slotstream.core.time.RecentSlots;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * When this node received and executed each block of its newest slots and when each slot's job finished: what
 * an operator (or the pipeline benchmark) reads to see whether the node keeps up.
 */
public final class ExecutionTimes {
  private static final class Slot {
    final SortedMap<Integer, Instant> executed = new TreeMap<>();
    final SortedMap<Integer, Instant> received = new TreeMap<>();
    Instant finished;
  }

  // Guarded by this, values included.
  private final RecentSlots<Slot> slots;

  public ExecutionTimes(int capacity) {
    this.slots = new RecentSlots<>(capacity);
  }

  /** Block {@code index} of {@code slot}, received at {@code receivedAt}, was executed {@code at}. */
  public synchronized void executed(SlotNumber slot, int index, Instant receivedAt, Instant at) {
    Slot s = slot(slot);
    s.executed.put(index, at);
    s.received.put(index, receivedAt);
  }

  public synchronized void finished(SlotNumber slot, Instant at) {
    slot(slot).finished = at;
  }

  public synchronized SortedMap<Integer, Instant> executedAt(SlotNumber slot) {
    return slots
        .get(slot)
        .map(s -> (SortedMap<Integer, Instant>) new TreeMap<>(s.executed))
        .orElseGet(TreeMap::new);
  }

  /** When this node received each block it executed, by index. */
  public synchronized SortedMap<Integer, Instant> receivedAt(SlotNumber slot) {
    return slots
        .get(slot)
        .map(s -> (SortedMap<Integer, Instant>) new TreeMap<>(s.received))
        .orElseGet(TreeMap::new);
  }

  public synchronized Optional<Instant> finishedAt(SlotNumber slot) {
    return slots.get(slot).map(s -> s.finished);
  }

  private Slot slot(SlotNumber slot) {
    return slots.computeIfAbsent(slot, s -> new Slot());
  }
}
