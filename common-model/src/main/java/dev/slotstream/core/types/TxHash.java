package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;

/** The hash of a tx's signed payload (never of its signature). */
public record TxHash(Bytes32 value) implements Comparable<TxHash> {
  public static final int SIZE = Bytes32.SIZE;

  public TxHash {
    if (value == null) {
      throw new IllegalArgumentException("tx hash is null");
    }
  }

  public static TxHash read(ByteReader r, String field) {
    return new TxHash(Bytes32.read(r, field));
  }

  public void write(ByteWriter w) {
    value.write(w);
  }

  public static TxHash fromHex(String hex) {
    return new TxHash(Bytes32.fromHex(hex));
  }

  @Override
  public int compareTo(TxHash o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value.toHex();
  }
}
