package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;

/** A slot number: a non-negative 64-bit counter. */
public record SlotNumber(long value) implements Comparable<SlotNumber> {
  public static final SlotNumber ZERO = new SlotNumber(0);

  public SlotNumber {
    if (value < 0) {
      throw new IllegalArgumentException("slot number must be non-negative, got " + value);
    }
  }

  public static SlotNumber of(long value) {
    return new SlotNumber(value);
  }

  public static SlotNumber read(ByteReader r, String field) {
    return new SlotNumber(r.u64(field));
  }

  public void write(ByteWriter w) {
    w.u64(value);
  }

  public SlotNumber next() {
    return new SlotNumber(Math.addExact(value, 1));
  }

  public SlotNumber previous() {
    return new SlotNumber(value - 1);
  }

  public boolean isBefore(SlotNumber other) {
    return value < other.value;
  }

  public boolean isAfter(SlotNumber other) {
    return value > other.value;
  }

  @Override
  public int compareTo(SlotNumber o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
