package dev.slotstream.validator.node;

import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When each accepted proposal was broadcast (its Kafka record timestamp, the proposer's clock), kept
 * until the block is executed so the broadcast-to-executed time can be measured. Bounded: entries
 * of blocks that never execute leave when their slot ends or when the map is full.
 */
public final class BroadcastTimes {
  private record Key(SlotNumber slot, int index) {}

  private final int capacity;
  private final Map<Key, Instant> times;

  public BroadcastTimes(int capacity) {
    this.capacity = capacity;
    this.times =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Instant> eldest) {
            return size() > BroadcastTimes.this.capacity;
          }
        };
  }

  /** Keeps the first broadcast time seen for a position (a replayed duplicate does not reset it). */
  public synchronized void record(SlotNumber slot, int index, Instant broadcastAt) {
    times.putIfAbsent(new Key(slot, index), broadcastAt);
  }

  public synchronized Optional<Instant> take(SlotNumber slot, int index) {
    return Optional.ofNullable(times.remove(new Key(slot, index)));
  }

  public synchronized void forgetSlot(SlotNumber slot) {
    times.keySet().removeIf(k -> !k.slot().isAfter(slot));
  }

  public synchronized int size() {
    return times.size();
  }
}
