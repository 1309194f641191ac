package dev.slotstream.core.state;

import dev.slotstream.core.crypto.Keccak;
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

  private FieldHash() {}

  /** H(l, r) = reduce(keccak256(l ‖ r)), both 32 bytes big-endian; returns 32 bytes. */
  public static byte[] hashPair(byte[] left, byte[] right) {
    byte[] in = new byte[64];
    System.arraycopy(left, 0, in, 0, 32);
    System.arraycopy(right, 0, in, 32, 32);
    return reduceBytes(Keccak.hash(in));
  }

  public static Fr hashPair(Fr left, Fr right) {
    return Fr.fromBytes(hashPair(left.toBytes(), right.toBytes()));
  }

  /** reduce(keccak256(bytes)). */
  public static Fr hash(byte[] bytes) {
    return Fr.fromBytes(reduceBytes(Keccak.hash(bytes)));
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
    if (Arrays.compareUnsigned(hash32, MODULUS_BYTES) < 0) {
      return hash32;
    }
    return toBytes32(new BigInteger(1, hash32).mod(Fr.MODULUS));
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
