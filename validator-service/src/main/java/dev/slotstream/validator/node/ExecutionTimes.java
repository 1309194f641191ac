package dev.slotstream.validator.node;

import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * When this node executed each block of its recent slots and when each slot's job finished: what
 * an operator (or the pipeline benchmark) reads to see whether the node keeps up.
 */
public final class ExecutionTimes {
  private record Slot(SortedMap<Integer, Instant> executed, Instant[] finished) {}

  private final Map<SlotNumber, Slot> slots;

  public ExecutionTimes(int capacity) {
    this.slots =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<SlotNumber, Slot> eldest) {
            return size() > capacity;
          }
        };
  }

  public synchronized void executed(SlotNumber slot, int index, Instant at) {
    slot(slot).executed().put(index, at);
  }

  public synchronized void finished(SlotNumber slot, Instant at) {
    slot(slot).finished()[0] = at;
  }

  public synchronized SortedMap<Integer, Instant> executedAt(SlotNumber slot) {
    Slot s = slots.get(slot);
    return s == null ? new TreeMap<>() : new TreeMap<>(s.executed());
  }

  public synchronized Optional<Instant> finishedAt(SlotNumber slot) {
    Slot s = slots.get(slot);
    return s == null ? Optional.empty() : Optional.ofNullable(s.finished()[0]);
  }

  private Slot slot(SlotNumber slot) {
    return slots.computeIfAbsent(slot, s -> new Slot(new TreeMap<>(), new Instant[1]));
  }
}
