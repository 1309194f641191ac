package dev.slotstream.core.types;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import java.math.BigInteger;
import java.util.Arrays;

/** An element of the BN254 scalar field: 32 big-endian bytes whose value is below the modulus. */
public record Fr(BigInteger value) implements Comparable<Fr> {
  public static final BigInteger MODULUS =
      new BigInteger(
          "21888242871839275222246405745257275088548364400416034343698204186575808495617");
  public static final Fr ZERO = new Fr(BigInteger.ZERO);
  public static final Fr ONE = new Fr(BigInteger.ONE);
  public static final int SIZE = 32;

  public Fr {
    if (value == null) {
      throw new IllegalArgumentException("Fr value is null");
    }
    if (value.signum() < 0 || value.compareTo(MODULUS) >= 0) {
      throw new IllegalArgumentException("Fr value out of field range: " + value);
    }
  }

  public static Fr of(long v) {
    return new Fr(BigInteger.valueOf(v));
  }

  /** Reduces an arbitrary 32-byte value (a hash) into the field. */
  public static Fr reduce(byte[] bytes32) {
    return new Fr(new BigInteger(1, bytes32).mod(MODULUS));
  }

  public static Fr fromBytes(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("Fr needs 32 bytes, got " + bytes.length);
    }
    return new Fr(new BigInteger(1, bytes));
  }

  public static Fr fromHex(String hex) {
    return fromBytes(Hex.decode(hex));
  }

  public static Fr read(ByteReader r, String field) {
    BigInteger v = new BigInteger(1, r.fixed(field, SIZE));
    if (v.compareTo(MODULUS) >= 0) {
      throw new DecodingException(field, "field element not below the BN254 modulus");
    }
    return new Fr(v);
  }

  public void write(ByteWriter w) {
    if (value.bitLength() < 64) {
      // balances, nonces, fees: the common case, written without an intermediate byte[]
      w.u64(0).u64(0).u64(0).u64(value.longValue());
    } else {
      w.fixed(toBytes());
    }
  }

  public byte[] toBytes() {
    if (value.bitLength() < 64) {
      byte[] out = new byte[SIZE];
      long v = value.longValue();
      for (int i = SIZE - 1; i >= SIZE - 8; i--) {
        out[i] = (byte) v;
        v >>>= 8;
      }
      return out;
    }
    byte[] raw = value.toByteArray();
    if (raw.length == SIZE) {
      return raw;
    }
    byte[] out = new byte[SIZE];
    if (raw.length > SIZE) {
      // a leading sign byte
      System.arraycopy(raw, raw.length - SIZE, out, 0, SIZE);
    } else {
      System.arraycopy(raw, 0, out, SIZE - raw.length, raw.length);
    }
    return out;
  }

  public Bytes32 toBytes32() {
    return Bytes32.wrap(toBytes());
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  @Override
  public int compareTo(Fr o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return Hex.encode(toBytes());
  }

  /** Equality by value; kept explicit so arrays never sneak into comparisons. */
  public boolean sameAs(byte[] bytes) {
    return Arrays.equals(toBytes(), bytes);
  }
}
