package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import java.math.BigInteger;

/**
 * A secp256k1 ECDSA signature (r, s, v) with v in {27, 28}. Only low-s signatures are valid, so a
 * signature has exactly one accepted form and cannot be malleated into a "new" message.
 */
public record Signature(BigInteger r, BigInteger s, int v) {
  public static final BigInteger CURVE_ORDER =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  public static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);
  public static final int SIZE = 65;

  public Signature {
    String problem = problem(r, s, v);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
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

  public static Signature fromBytes(byte[] b) {
    if (b.length != SIZE) {
      throw new IllegalArgumentException("signature needs 65 bytes, got " + b.length);
    }
    return of(b);
  }

  private static Signature of(byte[] b) {
    byte[] r = new byte[32];
    byte[] s = new byte[32];
    System.arraycopy(b, 0, r, 0, 32);
    System.arraycopy(b, 32, s, 0, 32);
    return new Signature(new BigInteger(1, r), new BigInteger(1, s), b[64] & 0xff);
  }

  public static Signature read(ByteReader reader, String field) {
    byte[] b = reader.fixed(field, SIZE);
    byte[] r = new byte[32];
    byte[] s = new byte[32];
    System.arraycopy(b, 0, r, 0, 32);
    System.arraycopy(b, 32, s, 0, 32);
    String problem = problem(new BigInteger(1, r), new BigInteger(1, s), b[64] & 0xff);
    if (problem != null) {
      throw new DecodingException(field, problem);
    }
    return of(b);
  }

  public void write(ByteWriter w) {
    w.fixed(toBytes());
  }

  /** r (32) ‖ s (32) ‖ v (1), as Ethereum's ecrecover precompile and OpenZeppelin expect. */
  public byte[] toBytes() {
    byte[] out = new byte[SIZE];
    copy32(r, out, 0);
    copy32(s, out, 32);
    out[64] = (byte) v;
    return out;
  }

  /** The recovery id 0 or 1. */
  public int recId() {
    return v - 27;
  }

  public byte[] rBytes() {
    byte[] out = new byte[32];
    copy32(r, out, 0);
    return out;
  }

  public byte[] sBytes() {
    byte[] out = new byte[32];
    copy32(s, out, 0);
    return out;
  }

  private static void copy32(BigInteger x, byte[] out, int off) {
    byte[] raw = x.toByteArray();
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, off + 32 - len, len);
  }

  @Override
  public String toString() {
    return Hex.encode(toBytes());
  }
}
