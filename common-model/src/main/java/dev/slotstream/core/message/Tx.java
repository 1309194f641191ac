package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.TxHash;
import java.util.Objects;

/**
 * A signed tx. Its hash covers the payload only, so a re-signed tx keeps its identity.
 *
 * <p>Immutable and equal by value (payload and signature), like a record; it is a class only so it
 * can remember its hash: a node asks a tx for its hash at every step (recovery cache, pool, tx
 * lifecycle, block building) and each answer would otherwise re-encode the payload and keccak it.
 */
public final class Tx {
  private final TxPayload payload;
  private final Signature signature;

  // Derived from the immutable payload, so a racing second computation stores an equal value; a
  // TxHash is safely published through its final fields (the same idiom as String.hash).
  private TxHash hash;

  public Tx(TxPayload payload, Signature signature) {
    this.payload = Objects.requireNonNull(payload, "payload");
    this.signature = Objects.requireNonNull(signature, "signature");
  }

  public TxPayload payload() {
    return payload;
  }

  public Signature signature() {
    return signature;
  }

  public static Tx read(ByteReader r) {
    return new Tx(TxPayload.read(r), Signature.read(r, "tx.signature"));
  }

  public void write(ByteWriter w) {
    payload.write(w);
    signature.write(w);
  }

  public byte[] encode() {
    return WireFormat.encode(MessageKind.TX, payload.encodedSize() + Signature.SIZE, this::write);
  }

  public static Tx decode(byte[] bytes) {
    return WireFormat.decode(bytes, MessageKind.TX, Tx::read);
  }

  /** The payload's hash, computed on the first call. */
  public TxHash hash() {
    TxHash h = hash;
    if (h == null) {
      h = payload.hash();
      hash = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tx other
        && payload.equals(other.payload)
        && signature.equals(other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * payload.hashCode() + signature.hashCode();
  }

  @Override
  public String toString() {
    return "Tx[payload=" + payload + ", signature=" + signature + "]";
  }
}
