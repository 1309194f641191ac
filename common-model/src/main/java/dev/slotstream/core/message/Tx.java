package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.TxHash;
import java.util.Objects;

/** A signed tx. Its hash covers the payload only, so a re-signed tx keeps its identity. */
public record Tx(TxPayload payload, Signature signature) {
  public Tx {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(signature, "signature");
  }

  public static Tx read(ByteReader r) {
    return new Tx(TxPayload.read(r), Signature.read(r, "tx.signature"));
  }

  public void write(ByteWriter w) {
    payload.write(w);
    signature.write(w);
  }

  public byte[] encode() {
    return WireFormat.encode(MessageKind.TX, 128, this::write);
  }

  public static Tx decode(byte[] bytes) {
    return WireFormat.decode(bytes, MessageKind.TX, Tx::read);
  }

  public TxHash hash() {
    return payload.hash();
  }
}
