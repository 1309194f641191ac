package dev.slotstream.core.crypto;

import dev.slotstream.core.types.Bytes32;

/**
 * Keccak-256, the one hash of the protocol (Ethereum's, so the L1 contract computes the same).
 *
 * <p>Computed here rather than through web3j's {@code Hash.sha3}: that one builds a new Bouncy
 * Castle digest for every call (a 200-byte state, a 192-byte queue and a crypto-services property
 * lookup), which a JFR profile of the proposer under load showed as about a quarter of everything
 * it allocated; the state trees hash thousands of times per block. Same function, checked against
 * web3j in {@code KeccakTest}.
 */
public final class Keccak {
  private static final int RATE = 136; // bytes: 1600 - 2 * 256 bits

  private static final long[] ROUND_CONSTANTS = {
    0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
    0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
    0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
    0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
    0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
    0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L
  };

  private static final int[] ROTATIONS = {
    1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44
  };

  private static final int[] PI_LANES = {
    10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1
  };

  private Keccak() {}

  public static byte[] hash(byte[] input) {
    long[] state = new long[25];
    int offset = 0;
    int length = input.length;
    while (length - offset >= RATE) {
      for (int i = 0; i < RATE / 8; i++) {
        state[i] ^= littleEndianLong(input, offset + 8 * i);
      }
      permute(state);
      offset += RATE;
    }
    // The last (possibly empty) block with Keccak's padding: 0x01 … 0x80 (not SHA-3's 0x06).
    byte[] last = new byte[RATE];
    System.arraycopy(input, offset, last, 0, length - offset);
    last[length - offset] ^= 0x01;
    last[RATE - 1] ^= (byte) 0x80;
    for (int i = 0; i < RATE / 8; i++) {
      state[i] ^= littleEndianLong(last, 8 * i);
    }
    permute(state);
    byte[] out = new byte[32];
    for (int i = 0; i < 4; i++) {
      long lane = state[i];
      for (int b = 0; b < 8; b++) {
        out[8 * i + b] = (byte) (lane >>> (8 * b));
      }
    }
    return out;
  }

  public static Bytes32 hash32(byte[] input) {
    return Bytes32.wrap(hash(input));
  }

  private static long littleEndianLong(byte[] b, int off) {
    return (b[off] & 0xffL)
        | (b[off + 1] & 0xffL) << 8
        | (b[off + 2] & 0xffL) << 16
        | (b[off + 3] & 0xffL) << 24
        | (b[off + 4] & 0xffL) << 32
        | (b[off + 5] & 0xffL) << 40
        | (b[off + 6] & 0xffL) << 48
        | (b[off + 7] & 0xffL) << 56;
  }

  /** Keccak-f[1600]: theta, rho and pi, chi, iota; 24 rounds. */
  private static void permute(long[] s) {
    long c0;
    long c1;
    long c2;
    long c3;
    long c4;
    for (int round = 0; round < 24; round++) {
      c0 = s[0] ^ s[5] ^ s[10] ^ s[15] ^ s[20];
      c1 = s[1] ^ s[6] ^ s[11] ^ s[16] ^ s[21];
      c2 = s[2] ^ s[7] ^ s[12] ^ s[17] ^ s[22];
      c3 = s[3] ^ s[8] ^ s[13] ^ s[18] ^ s[23];
      c4 = s[4] ^ s[9] ^ s[14] ^ s[19] ^ s[24];
      long d0 = c4 ^ Long.rotateLeft(c1, 1);
      long d1 = c0 ^ Long.rotateLeft(c2, 1);
      long d2 = c1 ^ Long.rotateLeft(c3, 1);
      long d3 = c2 ^ Long.rotateLeft(c4, 1);
      long d4 = c3 ^ Long.rotateLeft(c0, 1);
      for (int j = 0; j < 25; j += 5) {
        s[j] ^= d0;
        s[j + 1] ^= d1;
        s[j + 2] ^= d2;
        s[j + 3] ^= d3;
        s[j + 4] ^= d4;
      }
      long t = s[1];
      for (int i = 0; i < 24; i++) {
        int lane = PI_LANES[i];
        long next = s[lane];
        s[lane] = Long.rotateLeft(t, ROTATIONS[i]);
        t = next;
      }
      for (int j = 0; j < 25; j += 5) {
        long a0 = s[j];
        long a1 = s[j + 1];
        long a2 = s[j + 2];
        long a3 = s[j + 3];
        long a4 = s[j + 4];
        s[j] = a0 ^ (~a1 & a2);
        s[j + 1] = a1 ^ (~a2 & a3);
        s[j + 2] = a2 ^ (~a3 & a4);
        s[j + 3] = a3 ^ (~a4 & a0);
        s[j + 4] = a4 ^ (~a0 & a1);
      }
      s[0] ^= ROUND_CONSTANTS[round];
    }
  }
}
