package dev.slotstream.core.message;

import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.types.Bytes32;

/** The part of a message that is signed. Its hash is both the signed value and the message id. */
public interface SignedPayload {
  MessageKind kind();

  /** The canonical encoding of the payload alone (no signature). */
  byte[] encodePayload();

  default Bytes32 payloadHash() {
    return Keccak.hash32(encodePayload());
  }
}
