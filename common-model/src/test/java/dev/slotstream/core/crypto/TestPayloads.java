package dev.slotstream.core.crypto;

import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.SignedPayload;

/** Payload stand-ins for tests that only care about a kind and some bytes. */
final class TestPayloads {
  private TestPayloads() {}

  static SignedPayload raw(MessageKind kind, byte[] encoding) {
    byte[] copy = encoding.clone();
    return new SignedPayload() {
      @Override
      public MessageKind kind() {
        return kind;
      }

      @Override
      public byte[] encodePayload() {
        return copy.clone();
      }
    };
  }
}
