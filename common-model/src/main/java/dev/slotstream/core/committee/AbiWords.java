package dev.slotstream.core.committee;

import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.types.Bytes32;
import java.math.BigInteger;

/**
 * Solidity's {@code abi.encode(bytes32, uint256)}: the 32 bytes, then the number as 32 bytes
 * big-endian, and the keccak over it. Every draw in committee selection goes through here, so the
 * L1 contract reproduces it with one {@code keccak256(abi.encode(seed, i))}.
 */
public final class AbiWords {
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private AbiWords() {}

  public static byte[] uint256(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(TWO_256) >= 0) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    byte[] raw = value.toByteArray();
    byte[] word = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, word, 32 - copy, copy);
    return word;
  }

  public static byte[] uint256(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    return uint256(BigInteger.valueOf(value));
  }

  /** abi.encode(bytes32 a, uint256 b): 64 bytes. */
  public static byte[] encode(Bytes32 a, long b) {
    byte[] out = new byte[64];
    System.arraycopy(a.toArray(), 0, out, 0, 32);
    System.arraycopy(uint256(b), 0, out, 32, 32);
    return out;
  }

  /** keccak256(abi.encode(a, b)). */
  public static Bytes32 hash(Bytes32 a, long b) {
    return Keccak.hash32(encode(a, b));
  }

  /** uint256(keccak256(abi.encode(a, b))) as a non-negative integer. */
  public static BigInteger hashAsUint(Bytes32 a, long b) {
    return new BigInteger(1, hash(a, b).toArray());
  }

  /** uint256(keccak256(abi.encode(a, b))) % modulus, as Solidity's {@code %} computes it. */
  public static int hashMod(Bytes32 a, long b, int modulus) {
    if (modulus < 1) {
      throw new IllegalArgumentException("modulus must be positive, got " + modulus);
    }
    return hashAsUint(a, b).mod(BigInteger.valueOf(modulus)).intValueExact();
  }
}
