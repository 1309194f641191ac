package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import java.util.Arrays;

/** A 20-byte Ethereum address. */
public final class EthAddress implements Comparable<EthAddress> {
  public static final int SIZE = 20;
  public static final EthAddress ZERO = new EthAddress(new byte[SIZE]);

  private final byte[] bytes;

  /**
   * Computed on first use, like String's (0 until then; a race computes it twice, alike): txs and
   * senders key the pool's, the lifecycle's and the caches' maps, and each map operation of a tx
   * hashed all 20 bytes again (a few percent of a loaded node's CPU, docs/BENCHMARKS.md, Run 13).
   */
  private int hash;

  private EthAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  public static EthAddress wrap(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "address needs 20 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new EthAddress(bytes.clone());
  }

  public static EthAddress fromHex(String hex) {
    return wrap(Hex.decode(hex));
  }

  public static EthAddress read(ByteReader r, String field) {
    return new EthAddress(r.fixed(field, SIZE));
  }

  public void write(ByteWriter w) {
    w.fixed(bytes);
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof EthAddress other && Arrays.equals(bytes, other.bytes);
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
  public int compareTo(EthAddress o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
