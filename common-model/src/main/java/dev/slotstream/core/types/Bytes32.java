package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import java.util.Arrays;
import java.util.HexFormat;

/** An immutable 32-byte value (a hash). */
public final class Bytes32 implements Comparable<Bytes32> {
  public static final int SIZE = 32;
  public static final Bytes32 ZERO = new Bytes32(new byte[SIZE]);

  private final byte[] bytes;

  /**
   * Computed on first use, like String's (0 until then; a race computes it twice, alike): txs and
   * senders key the pool's, the lifecycle's and the caches' maps, and each map operation of a tx
   * hashed all 32 bytes again (a few percent of a loaded node's CPU, docs/BENCHMARKS.md, Run 13).
   */
  private int hash;

  private Bytes32(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Bytes32 wrap(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "Bytes32 needs 32 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Bytes32(bytes.clone());
  }

  public static Bytes32 fromHex(String hex) {
    return wrap(HexFormat.of().parseHex(Hex.strip(hex)));
  }

  public static Bytes32 read(ByteReader r, String field) {
    return new Bytes32(r.fixed(field, SIZE));
  }

  public void write(ByteWriter w) {
    w.fixed(bytes);
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** The 8 bytes from {@code offset}, big-endian: compared unsigned, they order like those bytes. */
  public long longAt(int offset) {
    return bigEndianLong(bytes, offset);
  }

  /** The 8 bytes of {@code b} from {@code offset} as a big-endian long. */
  public static long bigEndianLong(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (b[offset + i] & 0xffL);
    }
    return v;
  }

  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof Bytes32 other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  @Override
  public int compareTo(Bytes32 o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
