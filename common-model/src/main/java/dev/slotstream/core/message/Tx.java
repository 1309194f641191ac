package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.TxHash;
import java.util.Objects;
import java.util.Optional;

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

  // Not part of the value either: the sender one recovery found for this very instance (see {@link
  // #rememberSender}), published the same way.
  private RecoveredSender recovered;

  private record RecoveredSender(Object token, EthAddress sender) {}

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

  /**
   * Remembers on this instance the sender that the recovery holding {@code token} found for it. A
   * node keeps one instance of each pooled tx and executes it long after admitting it, when a
   * bounded cache of senders may have forgotten it; only the holder of {@code token} reads it back,
   * so no other code can make a recovery believe a sender it did not find.
   */
  public void rememberSender(Object token, EthAddress sender) {
    recovered = new RecoveredSender(Objects.requireNonNull(token), Objects.requireNonNull(sender));
  }

  /** The sender remembered on this instance under {@code token}, if any. */
  public Optional<EthAddress> rememberedSender(Object token) {
    RecoveredSender r = recovered;
    return r != null && r.token() == token ? Optional.of(r.sender()) : Optional.empty();
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
