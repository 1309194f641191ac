package dev.slotstream.core.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the canonical big-endian encoding. Every length is checked against an explicit limit and
 * against the bytes that remain before anything is allocated; any violation is a {@link
 * DecodingException}.
 */
public final class ByteReader {
  private final byte[] buf;
  private int pos;

  public ByteReader(byte[] buf) {
    if (buf == null) {
      throw new DecodingException("input", "null bytes");
    }
    this.buf = buf;
  }

  public int remaining() {
    return buf.length - pos;
  }

  private void need(String field, int n) {
    if (n < 0 || n > remaining()) {
      throw new DecodingException(
          field, "needs " + n + " bytes but only " + remaining() + " remain");
    }
  }

  public int u8(String field) {
    need(field, 1);
    return buf[pos++] & 0xff;
  }

  public int u16(String field) {
    need(field, 2);
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  /** An unsigned 32-bit value that must fit a non-negative int. */
  public int u32(String field) {
    need(field, 4);
    int v =
        ((buf[pos] & 0xff) << 24)
            | ((buf[pos + 1] & 0xff) << 16)
            | ((buf[pos + 2] & 0xff) << 8)
            | (buf[pos + 3] & 0xff);
    pos += 4;
    if (v < 0) {
      throw new DecodingException(field, "value exceeds 2^31-1");
    }
    return v;
  }

  /**
   * {@code u32(field + suffix)}, the name concatenated only when the read fails: lengths and list
   * counts are read several times per tx, and the name is needed only for the error.
   */
  private int u32(String field, String suffix) {
    if (remaining() < 4 || (buf[pos] & 0x80) != 0) {
      return u32(field + suffix); // throws
    }
    return u32(field);
  }

  /** An unsigned 64-bit value that must fit a non-negative long. */
  public long u64(String field) {
    need(field, 8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xffL);
    }
    pos += 8;
    if (v < 0) {
      throw new DecodingException(field, "value exceeds 2^63-1");
    }
    return v;
  }

  public boolean bool(String field) {
    int v = u8(field);
    if (v > 1) {
      throw new DecodingException(field, "boolean must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  public byte[] fixed(String field, int n) {
    need(field, n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** A u32 length-prefixed byte string of at most {@code max} bytes. */
  public byte[] varBytes(String field, int max) {
    int len = u32(field, ".length");
    if (len > max) {
      throw new DecodingException(field, "length " + len + " exceeds limit " + max);
    }
    return fixed(field, len);
  }

  /**
   * A u32 count-prefixed list. The count is checked against {@code max} and against the remaining
   * bytes (each element takes at least {@code minElementBytes}) before the list is allocated.
   */
  public <T> List<T> list(
      String field, int max, int minElementBytes, Function<ByteReader, T> element) {
    int count = u32(field, ".count");
    if (count > max) {
      throw new DecodingException(field, "count " + count + " exceeds limit " + max);
    }
    if ((long) count * Math.max(1, minElementBytes) > remaining()) {
      throw new DecodingException(
          field, "count " + count + " cannot fit in the " + remaining() + " remaining bytes");
    }
    List<T> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(element.apply(this));
    }
    return Collections.unmodifiableList(out);
  }

  /** Fails unless every byte was consumed: one value has exactly one encoding. */
  public void requireEnd(String what) {
    if (remaining() != 0) {
      throw new DecodingException(what, remaining() + " trailing bytes");
    }
  }
}
