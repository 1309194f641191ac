package dev.slotstream.core.codec;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/** Writes the canonical big-endian encoding read by {@link ByteReader}. */
public final class ByteWriter {
  private byte[] buf;
  private int size;

  public ByteWriter() {
    this(256);
  }

  public ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public ByteWriter u8(int v) {
    if (v < 0 || v > 0xff) {
      throw new IllegalArgumentException("u8 out of range: " + v);
    }
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter u16(int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("u16 out of range: " + v);
    }
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter u32(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("u32 out of range: " + v);
    }
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter u64(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("u64 out of range: " + v);
    }
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  public ByteWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public ByteWriter fixed(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  public ByteWriter varBytes(byte[] bytes) {
    u32(bytes.length);
    return fixed(bytes);
  }

  public <T> ByteWriter list(List<T> items, BiConsumer<ByteWriter, T> element) {
    u32(items.size());
    for (T item : items) {
      element.accept(this, item);
    }
    return this;
  }

  public int size() {
    return size;
  }

  /**
   * The bytes written so far. A writer sized exactly (the encoders that know their length) hands
   * over its buffer without a copy: a full buffer is never written again, the next write moves to
   * a new one.
   */
  public byte[] toByteArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }
}
