package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;

/** A epoch number: a non-negative 64-bit counter. */
public record EpochNumber(long value) implements Comparable<EpochNumber> {
  public static final EpochNumber ZERO = new EpochNumber(0);

  public EpochNumber {
    if (value < 0) {
      throw new IllegalArgumentException("epoch number must be non-negative, got " + value);
    }
  }

  public static EpochNumber of(long value) {
    return new EpochNumber(value);
  }

  public static EpochNumber read(ByteReader r, String field) {
    return new EpochNumber(r.u64(field));
  }

  public void write(ByteWriter w) {
    w.u64(value);
  }

  public EpochNumber next() {
    return new EpochNumber(Math.addExact(value, 1));
  }

  public EpochNumber previous() {
    return new EpochNumber(value - 1);
  }

  public boolean isBefore(EpochNumber other) {
    return value < other.value;
  }

  public boolean isAfter(EpochNumber other) {
    return value > other.value;
  }

  @Override
  public int compareTo(EpochNumber o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
