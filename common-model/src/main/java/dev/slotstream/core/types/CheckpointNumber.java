package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;

/** A checkpoint number: a non-negative 64-bit counter. */
public record CheckpointNumber(long value) implements Comparable<CheckpointNumber> {
  public static final CheckpointNumber ZERO = new CheckpointNumber(0);

  public CheckpointNumber {
    if (value < 0) {
      throw new IllegalArgumentException("checkpoint number must be non-negative, got " + value);
    }
  }

  public static CheckpointNumber of(long value) {
    return new CheckpointNumber(value);
  }

  public static CheckpointNumber read(ByteReader r, String field) {
    return new CheckpointNumber(r.u64(field));
  }

  public void write(ByteWriter w) {
    w.u64(value);
  }

  public CheckpointNumber next() {
    return new CheckpointNumber(Math.addExact(value, 1));
  }

  public CheckpointNumber previous() {
    return new CheckpointNumber(value - 1);
  }

  public boolean isBefore(CheckpointNumber other) {
    return value < other.value;
  }

  public boolean isAfter(CheckpointNumber other) {
    return value > other.value;
  }

  @Override
  public int compareTo(CheckpointNumber o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
