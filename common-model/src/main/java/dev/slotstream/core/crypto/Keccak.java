package dev.slotstream.core.crypto;

import dev.slotstream.core.types.Bytes32;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

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

  private static final byte[] EMPTY = new byte[0];

  private static final VarHandle LANES =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // One sponge state per thread, reused: the trees hash several times per tx and a fresh state
  // per call was a large share of what block execution allocated (see docs/BENCHMARKS.md).
  private static final ThreadLocal<long[]> STATE = ThreadLocal.withInitial(() -> new long[25]);

  private Keccak() {}

  public static byte[] hash(byte[] input) {
    return hash(input, EMPTY);
  }

  /** keccak256(first ‖ second), without building the concatenation. */
  public static byte[] hash(byte[] first, byte[] second) {
    long[] state = STATE.get();
    Arrays.fill(state, 0L);
    int length = first.length + second.length;
    int offset = 0;
    while (length - offset >= RATE) {
      for (int i = 0; i < RATE / 8; i++) {
        state[i] ^= lane(first, second, offset + 8 * i);
      }
      permute(state);
      offset += RATE;
    }
    // The last (possibly empty) block with Keccak's padding: 0x01 … 0x80 (not SHA-3's 0x06),
    // xored into the lanes where it falls.
    int rest = length - offset;
    int fullLanes = rest / 8;
    for (int i = 0; i < fullLanes; i++) {
      state[i] ^= lane(first, second, offset + 8 * i);
    }
    long partial = 0;
    for (int b = 0; b < rest % 8; b++) {
      partial |= (byteAt(first, second, offset + 8 * fullLanes + b) & 0xffL) << (8 * b);
    }
    state[fullLanes] ^= partial ^ (0x01L << (8 * (rest % 8)));
    state[RATE / 8 - 1] ^= 0x80L << 56;
    permute(state);
    byte[] out = new byte[32];
    for (int i = 0; i < 4; i++) {
      LANES.set(out, 8 * i, state[i]);
    }
    return out;
  }

  public static Bytes32 hash32(byte[] input) {
    return Bytes32.wrap(hash(input));
  }

  /** The little-endian lane at {@code at} of first ‖ second. */
  private static long lane(byte[] first, byte[] second, int at) {
    if (at + 8 <= first.length) {
      return (long) LANES.get(first, at);
    }
    if (at >= first.length) {
      return (long) LANES.get(second, at - first.length);
    }
    long v = 0;
    for (int b = 0; b < 8; b++) {
      v |= (byteAt(first, second, at + b) & 0xffL) << (8 * b);
    }
    return v;
  }

  private static byte byteAt(byte[] first, byte[] second, int at) {
    return at < first.length ? first[at] : second[at - first.length];
  }

  /**
   * Keccak-f[1600] (theta, rho and pi, chi, iota; 24 rounds) on the 25 lanes held in locals, the
   * rho and pi steps written out lane by lane.
   */
  private static void permute(long[] s) {
    long a00 = s[0];
    long a01 = s[1];
    long a02 = s[2];
    long a03 = s[3];
    long a04 = s[4];
    long a05 = s[5];
    long a06 = s[6];
    long a07 = s[7];
    long a08 = s[8];
    long a09 = s[9];
    long a10 = s[10];
    long a11 = s[11];
    long a12 = s[12];
    long a13 = s[13];
    long a14 = s[14];
    long a15 = s[15];
    long a16 = s[16];
    long a17 = s[17];
    long a18 = s[18];
    long a19 = s[19];
    long a20 = s[20];
    long a21 = s[21];
    long a22 = s[22];
    long a23 = s[23];
    long a24 = s[24];
    for (int round = 0; round < 24; round++) {
      long c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
      long c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
      long c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
      long c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
      long c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
      long d0 = c4 ^ Long.rotateLeft(c1, 1);
      long d1 = c0 ^ Long.rotateLeft(c2, 1);
      long d2 = c1 ^ Long.rotateLeft(c3, 1);
      long d3 = c2 ^ Long.rotateLeft(c4, 1);
      long d4 = c3 ^ Long.rotateLeft(c0, 1);
      a00 ^= d0;
      a05 ^= d0;
      a10 ^= d0;
      a15 ^= d0;
      a20 ^= d0;
      a01 ^= d1;
      a06 ^= d1;
      a11 ^= d1;
      a16 ^= d1;
      a21 ^= d1;
      a02 ^= d2;
      a07 ^= d2;
      a12 ^= d2;
      a17 ^= d2;
      a22 ^= d2;
      a03 ^= d3;
      a08 ^= d3;
      a13 ^= d3;
      a18 ^= d3;
      a23 ^= d3;
      a04 ^= d4;
      a09 ^= d4;
      a14 ^= d4;
      a19 ^= d4;
      a24 ^= d4;
      c1 = Long.rotateLeft(a01, 1);
      a01 = Long.rotateLeft(a06, 44);
      a06 = Long.rotateLeft(a09, 20);
      a09 = Long.rotateLeft(a22, 61);
      a22 = Long.rotateLeft(a14, 39);
      a14 = Long.rotateLeft(a20, 18);
      a20 = Long.rotateLeft(a02, 62);
      a02 = Long.rotateLeft(a12, 43);
      a12 = Long.rotateLeft(a13, 25);
      a13 = Long.rotateLeft(a19, 8);
      a19 = Long.rotateLeft(a23, 56);
      a23 = Long.rotateLeft(a15, 41);
      a15 = Long.rotateLeft(a04, 27);
      a04 = Long.rotateLeft(a24, 14);
      a24 = Long.rotateLeft(a21, 2);
      a21 = Long.rotateLeft(a08, 55);
      a08 = Long.rotateLeft(a16, 45);
      a16 = Long.rotateLeft(a05, 36);
      a05 = Long.rotateLeft(a03, 28);
      a03 = Long.rotateLeft(a18, 21);
      a18 = Long.rotateLeft(a17, 15);
      a17 = Long.rotateLeft(a11, 10);
      a11 = Long.rotateLeft(a07, 6);
      a07 = Long.rotateLeft(a10, 3);
      a10 = c1;
      c0 = a00 ^ (~a01 & a02);
      c1 = a01 ^ (~a02 & a03);
      a02 ^= ~a03 & a04;
      a03 ^= ~a04 & a00;
      a04 ^= ~a00 & a01;
      a00 = c0;
      a01 = c1;
      c0 = a05 ^ (~a06 & a07);
      c1 = a06 ^ (~a07 & a08);
      a07 ^= ~a08 & a09;
      a08 ^= ~a09 & a05;
      a09 ^= ~a05 & a06;
      a05 = c0;
      a06 = c1;
      c0 = a10 ^ (~a11 & a12);
      c1 = a11 ^ (~a12 & a13);
      a12 ^= ~a13 & a14;
      a13 ^= ~a14 & a10;
      a14 ^= ~a10 & a11;
      a10 = c0;
      a11 = c1;
      c0 = a15 ^ (~a16 & a17);
      c1 = a16 ^ (~a17 & a18);
      a17 ^= ~a18 & a19;
      a18 ^= ~a19 & a15;
      a19 ^= ~a15 & a16;
      a15 = c0;
      a16 = c1;
      c0 = a20 ^ (~a21 & a22);
      c1 = a21 ^ (~a22 & a23);
      a22 ^= ~a23 & a24;
      a23 ^= ~a24 & a20;
      a24 ^= ~a20 & a21;
      a20 = c0;
      a21 = c1;
      a00 ^= ROUND_CONSTANTS[round];
    }
    s[0] = a00;
    s[1] = a01;
    s[2] = a02;
    s[3] = a03;
    s[4] = a04;
    s[5] = a05;
    s[6] = a06;
    s[7] = a07;
    s[8] = a08;
    s[9] = a09;
    s[10] = a10;
    s[11] = a11;
    s[12] = a12;
    s[13] = a13;
    s[14] = a14;
    s[15] = a15;
    s[16] = a16;
    s[17] = a17;
    s[18] = a18;
    s[19] = a19;
    s[20] = a20;
    s[21] = a21;
    s[22] = a22;
    s[23] = a23;
    s[24] = a24;
  }
}
