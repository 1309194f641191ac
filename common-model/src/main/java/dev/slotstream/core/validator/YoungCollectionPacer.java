package dev.slotstream.core.validator;

import dev.slotstream.core.types.SlotNumber;

/**
 * When a validator fills its young generation on purpose, at a quiet moment of the slot, so that
 * its next young collection does not fall while the next slot's proposals arrive.
 *
 * <p>A young collection comes with the allocation that fills eden, and a validator allocates most
 * when a proposal arrives (decoding, hashing, executing it). So its collections fall in the
 * milliseconds after a send far more often than chance would put them there, stopping that
 * validator and taking a core from the others while they receive the block (docs/BENCHMARKS.md,
 * Run 21). At a slot's attestation deadline nothing of the slot is left to receive. If eden would
 * fill during the next slot, filling it then moves the collection to that moment; it costs the part
 * of eden left empty, and the allocation that fills it.
 *
 * <p>Not thread-safe: one caller at a time (the service runs it on one thread).
 */
public final class YoungCollectionPacer {
  /**
   * Eden as the collector reports it.
   *
   * @param used bytes in use, garbage included
   * @param capacity bytes it holds before a young collection
   * @param collections young collections so far, the paced ones included
   */
  public record Eden(long used, long capacity, long collections) {
    public Eden {
      if (used < 0 || capacity <= 0 || collections < 0) {
        throw new IllegalArgumentException(
            "eden " + used + " of " + capacity + " bytes, " + collections + " collections");
      }
    }
  }

  /** How many slots' growth must fit before the next quiet moment: one, and a tenth for a burst. */
  static final double GROWTH_MARGIN = 1.1;

  private Eden last;
  private long lastSlot = -1;
  private long growthPerSlot = -1;

  /**
   * At {@code slot}'s quiet moment: whether to fill eden now. Call it at each slot this node had a
   * job in, so that it learns how much a slot allocates.
   */
  public boolean shouldFill(SlotNumber slot, Eden now) {
    if (last != null && slot.value() > lastSlot) {
      // Each collection in between emptied an eden that had filled: its capacity was allocated.
      long allocated =
          now.used() - last.used() + (now.collections() - last.collections()) * now.capacity();
      growthPerSlot = Math.max(0, allocated) / (slot.value() - lastSlot);
    }
    last = now;
    lastSlot = slot.value();
    if (growthPerSlot < 0) {
      return false;
    }
    double slotNeeds = GROWTH_MARGIN * growthPerSlot;
    // A slot that fills eden by itself collects during the slot anyway: filling would add one.
    return slotNeeds < now.capacity() && now.used() + slotNeeds >= now.capacity();
  }

  /** After a paced fill: eden as it left it, from which the next slot's growth counts. */
  public void filled(Eden after) {
    last = after;
  }

  /** What one slot allocated, last measured, in bytes; -1 before it is known. */
  public long growthPerSlot() {
    return growthPerSlot;
  }
}
