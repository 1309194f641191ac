package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The envelope of every top-level encoding: kind tag (u8), format version (u8), body. Signing uses
 * the same bytes, so there is one canonical form per type.
 */
public final class WireFormat {
  public static final int VERSION = 1;

  private WireFormat() {}

  public static byte[] encode(MessageKind kind, int sizeHint, Consumer<ByteWriter> body) {
    ByteWriter w = new ByteWriter(sizeHint + 2);
    w.u8(kind.tag()).u8(VERSION);
    body.accept(w);
    return w.toByteArray();
  }

  /**
   * Decodes hostile bytes. Whatever goes wrong — truncation, a bad length, a value a record refuses
   * — surfaces as a {@link DecodingException} naming the field.
   */
  public static <T> T decode(byte[] bytes, MessageKind kind, Function<ByteReader, T> body) {
    if (bytes == null) {
      throw new DecodingException(kind.name(), "null bytes");
    }
    if (bytes.length > kind.maxEncodedBytes()) {
      throw new DecodingException(
          kind.name(),
          "encoding of " + bytes.length + " bytes exceeds limit " + kind.maxEncodedBytes());
    }
    ByteReader r = new ByteReader(bytes);
    int tag = r.u8(kind.name() + ".tag");
    if (tag != kind.tag()) {
      throw new DecodingException(
          kind.name() + ".tag", "expected kind tag " + kind.tag() + " but got " + tag);
    }
    int version = r.u8(kind.name() + ".version");
    if (version != VERSION) {
      throw new DecodingException(
          kind.name() + ".version", "unsupported format version " + version);
    }
    try {
      T value = body.apply(r);
      r.requireEnd(kind.name());
      return value;
    } catch (DecodingException e) {
      throw e;
    } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
      throw new DecodingException(kind.name(), "invalid value: " + e.getMessage(), e);
    }
  }
}
