package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A secp256k1 ECDSA signature (r, s, v) with v in {27, 28}. Only low-s signatures are valid, so a
 * signature has exactly one accepted form and cannot be malleated into a "new" message.
 *
 * <p>Immutable and equal by value, like a record; a class because it keeps its 65 bytes and makes
 * r and s when asked (recovery and signing, once per tx). Every pooled, proposed and kept tx holds
 * one: as two {@code BigInteger}s it took ~200 bytes of heap, as its encoding ~100.
 */
public final class Signature {
  public static final BigInteger CURVE_ORDER =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  public static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);
  public static final int SIZE = 65;

  /** r (32) ‖ s (32) ‖ v (1). */
  private final byte[] bytes;

  public Signature(BigInteger r, BigInteger s, int v) {
    String problem = problem(r, s, v);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    byte[] b = new byte[SIZE];
    copy32(r, b, 0);
    copy32(s, b, 32);
    b[64] = (byte) v;
    this.bytes = b;
  }

  private Signature(byte[] validated) {
    this.bytes = validated;
  }

  static String problem(BigInteger r, BigInteger s, int v) {
    if (r == null || s == null) {
      return "signature r and s must be present";
    }
    if (r.signum() <= 0 || r.compareTo(CURVE_ORDER) >= 0) {
      return "signature r out of range";
    }
    if (s.signum() <= 0 || s.compareTo(CURVE_ORDER) >= 0) {
      return "signature s out of range";
    }
    if (s.compareTo(HALF_CURVE_ORDER) > 0) {
      return "signature s is not low-s";
    }
    if (v != 27 && v != 28) {
      return "signature v must be 27 or 28, got " + v;
    }
    return null;
  }

  private static String problem(byte[] b) {
    return problem(new BigInteger(1, b, 0, 32), new BigInteger(1, b, 32, 32), b[64] & 0xff);
  }

  public static Signature fromBytes(byte[] b) {
    if (b.length != SIZE) {
      throw new IllegalArgumentException("signature needs 65 bytes, got " + b.length);
    }
    byte[] copy = b.clone();
    String problem = problem(copy);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new Signature(copy);
  }

  public static Signature read(ByteReader reader, String field) {
    byte[] b = reader.fixed(field, SIZE);
    String problem = problem(b);
    if (problem != null) {
      throw new DecodingException(field, problem);
    }
    return new Signature(b);
  }

  public BigInteger r() {
    return new BigInteger(1, bytes, 0, 32);
  }

  public BigInteger s() {
    return new BigInteger(1, bytes, 32, 32);
  }

  public int v() {
    return bytes[64] & 0xff;
  }

  public void write(ByteWriter w) {
    w.fixed(bytes);
  }

  /** r (32) ‖ s (32) ‖ v (1), as Ethereum's ecrecover precompile and OpenZeppelin expect. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The recovery id 0 or 1. */
  public int recId() {
    return v() - 27;
  }

  public byte[] rBytes() {
    return Arrays.copyOfRange(bytes, 0, 32);
  }

  public byte[] sBytes() {
    return Arrays.copyOfRange(bytes, 32, 64);
  }

  /** r (32) ‖ s (32): what libsecp256k1 takes beside the recovery id. */
  public byte[] rsBytes() {
    return Arrays.copyOf(bytes, 64);
  }

  private static void copy32(BigInteger x, byte[] out, int off) {
    byte[] raw = x.toByteArray();
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, off + 32 - len, len);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signature other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Hex.encode(bytes);
  }
}
