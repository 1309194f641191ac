package dev.slotstream.core.state;

import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.Fr;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * keccak256 reduced into the BN254 field: the one hash of the state trees and of every commitment
 * derived by execution. Works on 32-byte big-endian arrays internally so the hot path (tree nodes)
 * avoids converting to {@link Fr} and back at every level.
 */
public final class FieldHash {
  private static final byte[] MODULUS_BYTES = toBytes32(Fr.MODULUS);
  // The modulus as four 64-bit limbs, most significant first.
  private static final long M0 = Bytes32.bigEndianLong(MODULUS_BYTES, 0);
  private static final long M1 = Bytes32.bigEndianLong(MODULUS_BYTES, 8);
  private static final long M2 = Bytes32.bigEndianLong(MODULUS_BYTES, 16);
  private static final long M3 = Bytes32.bigEndianLong(MODULUS_BYTES, 24);

  private FieldHash() {}

  /** H(l, r) = reduce(keccak256(l ‖ r)), both 32 bytes big-endian; returns 32 bytes. */
  public static byte[] hashPair(byte[] left, byte[] right) {
    if (left.length != 32 || right.length != 32) {
      throw new IllegalArgumentException("hashPair needs two 32-byte values");
    }
    byte[] h = Keccak.hash(left, right);
    return reduce(h, h);
  }

  public static Fr hashPair(Fr left, Fr right) {
    return Fr.fromBytes(hashPair(left.toBytes(), right.toBytes()));
  }

  /** reduce(keccak256(bytes)). */
  public static Fr hash(byte[] bytes) {
    byte[] h = Keccak.hash(bytes);
    return Fr.fromBytes(reduce(h, h));
  }

  /**
   * reduce(keccak256(u32be(n) ‖ e_1 ‖ … ‖ e_n)) over 32-byte field elements: the list commitment
   * used for blockHeadersHash, blobsHash, inHash, outHash and txsEffectsHash.
   */
  public static Fr hashList(List<Fr> elements) {
    byte[] in = new byte[4 + 32 * elements.size()];
    int n = elements.size();
    in[0] = (byte) (n >>> 24);
    in[1] = (byte) (n >>> 16);
    in[2] = (byte) (n >>> 8);
    in[3] = (byte) n;
    int off = 4;
    for (Fr e : elements) {
      System.arraycopy(e.toBytes(), 0, in, off, 32);
      off += 32;
    }
    return hash(in);
  }

  /** The value of a 32-byte big-endian hash modulo the BN254 scalar field, as 32 bytes. */
  public static byte[] reduceBytes(byte[] hash32) {
    if (hash32.length != 32) {
      throw new IllegalArgumentException("expected 32 bytes, got " + hash32.length);
    }
    return reduce(hash32, null);
  }

  /**
   * {@code hash32} if below the modulus, else its reduction written to {@code out} (a fresh array
   * if null; {@code hash32} itself when the caller owns it, saving a copy per hash).
   */
  private static byte[] reduce(byte[] hash32, byte[] out) {
    if (Arrays.compareUnsigned(hash32, MODULUS_BYTES) < 0) {
      return hash32;
    }
    // Most hashes are at or above the ~2^253.6 modulus, and below 6 times it: subtracting it at
    // most five times on four 64-bit limbs replaces BigInteger.mod, which a proposer profile under
    // load showed at ~6% of its CPU and ~15% of its allocations.
    long a0 = Bytes32.bigEndianLong(hash32, 0);
    long a1 = Bytes32.bigEndianLong(hash32, 8);
    long a2 = Bytes32.bigEndianLong(hash32, 16);
    long a3 = Bytes32.bigEndianLong(hash32, 24);
    do {
      long r3 = a3 - M3;
      long borrow = Long.compareUnsigned(a3, M3) < 0 ? 1 : 0;
      long r2 = a2 - M2 - borrow;
      borrow = Long.compareUnsigned(a2, M2) < 0 || (a2 == M2 && borrow == 1) ? 1 : 0;
      long r1 = a1 - M1 - borrow;
      borrow = Long.compareUnsigned(a1, M1) < 0 || (a1 == M1 && borrow == 1) ? 1 : 0;
      a0 = a0 - M0 - borrow;
      a1 = r1;
      a2 = r2;
      a3 = r3;
    } while (!below(a0, a1, a2, a3));
    if (out == null) {
      out = new byte[32];
    }
    putBigEndianLong(out, 0, a0);
    putBigEndianLong(out, 8, a1);
    putBigEndianLong(out, 16, a2);
    putBigEndianLong(out, 24, a3);
    return out;
  }

  /** (a0, a1, a2, a3), most significant limb first, below the modulus. */
  private static boolean below(long a0, long a1, long a2, long a3) {
    int c = Long.compareUnsigned(a0, M0);
    if (c == 0) {
      c = Long.compareUnsigned(a1, M1);
    }
    if (c == 0) {
      c = Long.compareUnsigned(a2, M2);
    }
    if (c == 0) {
      c = Long.compareUnsigned(a3, M3);
    }
    return c < 0;
  }

  private static void putBigEndianLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static byte[] toBytes32(BigInteger v) {
    byte[] raw = v.toByteArray();
    if (raw.length == 32) {
      return raw;
    }
    byte[] out = new byte[32];
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, 32 - len, len);
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
