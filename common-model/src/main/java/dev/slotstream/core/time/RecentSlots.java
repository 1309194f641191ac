package dev.slotstream.core.time;

import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One value per slot for the newest {@code capacity} slots: what a node remembers of its recent
 * slots for its API and health. When full, the lowest slot goes, whatever the order values came in,
 * so a late entry for an old slot never pushes out a newer one. (A frequency-based cache such as
 * Caffeine may evict the newest entry instead; here the newest slots are the ones asked for.)
 *
 * <p>Not thread-safe: the owner guards it, usually together with the values it mutates.
 */
public final class RecentSlots<V> {
  private final int capacity;
  private final TreeMap<SlotNumber, V> bySlot = new TreeMap<>();

  public RecentSlots(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  public void put(SlotNumber slot, V value) {
    bySlot.put(slot, value);
    trim();
  }

  /** The slot's value, created by {@code create} if absent (and dropped at once if the slot is too old). */
  public V computeIfAbsent(SlotNumber slot, Function<SlotNumber, V> create) {
    V value = bySlot.computeIfAbsent(slot, create);
    trim();
    return value;
  }

  public Optional<V> get(SlotNumber slot) {
    return Optional.ofNullable(bySlot.get(slot));
  }

  /** The newest slot's value. */
  public Optional<V> latest() {
    Map.Entry<SlotNumber, V> last = bySlot.lastEntry();
    return last == null ? Optional.empty() : Optional.of(last.getValue());
  }

  /** Oldest slot first. */
  public List<V> values() {
    return new ArrayList<>(bySlot.values());
  }

  public int size() {
    return bySlot.size();
  }

  private void trim() {
    while (bySlot.size() > capacity) {
      bySlot.pollFirstEntry();
    }
  }
}
