package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;

/** A block number: a non-negative 64-bit counter. */
public record BlockNumber(long value) implements Comparable<BlockNumber> {
  public static final BlockNumber ZERO = new BlockNumber(0);

  public BlockNumber {
    if (value < 0) {
      throw new IllegalArgumentException("block number must be non-negative, got " + value);
    }
  }

  public static BlockNumber of(long value) {
    return new BlockNumber(value);
  }

  public static BlockNumber read(ByteReader r, String field) {
    return new BlockNumber(r.u64(field));
  }

  public void write(ByteWriter w) {
    w.u64(value);
  }

  public BlockNumber next() {
    return new BlockNumber(Math.addExact(value, 1));
  }

  public BlockNumber previous() {
    return new BlockNumber(value - 1);
  }

  public boolean isBefore(BlockNumber other) {
    return value < other.value;
  }

  public boolean isAfter(BlockNumber other) {
    return value > other.value;
  }

  @Override
  public int compareTo(BlockNumber o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
