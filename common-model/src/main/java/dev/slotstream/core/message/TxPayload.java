package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.TxHash;
import java.util.List;
import java.util.Objects;

/** What a tx's sender signs. */
public record TxPayload(
    long chainId,
    EthAddress sender,
    long nonce,
    long fee,
    List<Transfer> transfers,
    List<StorageWrite> storageWrites)
    implements SignedPayload {

  /** chainId, sender, nonce, fee, two empty list counts and the 65-byte signature. */
  public static final int MIN_ENCODED_SIZE = 8 + 20 + 8 + 8 + 4 + 4 + 65;

  public TxPayload {
    Objects.requireNonNull(sender, "sender");
    if (chainId < 0 || nonce < 0 || fee < 0) {
      throw new IllegalArgumentException("chainId, nonce and fee must be non-negative");
    }
    transfers = List.copyOf(transfers);
    storageWrites = List.copyOf(storageWrites);
    if (transfers.size() > ProtocolLimits.MAX_TRANSFERS_PER_TX) {
      throw new IllegalArgumentException(
          "too many transfers: " + transfers.size() + " > " + ProtocolLimits.MAX_TRANSFERS_PER_TX);
    }
    if (storageWrites.size() > ProtocolLimits.MAX_STORAGE_WRITES_PER_TX) {
      throw new IllegalArgumentException(
          "too many storage writes: "
              + storageWrites.size()
              + " > "
              + ProtocolLimits.MAX_STORAGE_WRITES_PER_TX);
    }
  }

  @Override
  public MessageKind kind() {
    return MessageKind.TX;
  }

  public static TxPayload read(ByteReader r) {
    return new TxPayload(
        r.u64("tx.chainId"),
        EthAddress.read(r, "tx.sender"),
        r.u64("tx.nonce"),
        r.u64("tx.fee"),
        r.list(
            "tx.transfers",
            ProtocolLimits.MAX_TRANSFERS_PER_TX,
            Transfer.ENCODED_SIZE,
            Transfer::read),
        r.list(
            "tx.storageWrites",
            ProtocolLimits.MAX_STORAGE_WRITES_PER_TX,
            StorageWrite.ENCODED_SIZE,
            StorageWrite::read));
  }

  public void write(ByteWriter w) {
    w.u64(chainId);
    sender.write(w);
    w.u64(nonce).u64(fee);
    w.list(transfers, (ww, t) -> t.write(ww));
    w.list(storageWrites, (ww, s) -> s.write(ww));
  }

  @Override
  public byte[] encodePayload() {
    return WireFormat.encode(kind(), encodedSize(), this::write);
  }

  /** The length of {@link #write}'s output (without the envelope), so writers are sized exactly. */
  public int encodedSize() {
    return 8
        + EthAddress.SIZE
        + 8
        + 8
        + 4
        + Transfer.ENCODED_SIZE * transfers.size()
        + 4
        + StorageWrite.ENCODED_SIZE * storageWrites.size();
  }

  public TxHash hash() {
    return new TxHash(payloadHash());
  }

  /** Total amount the sender needs: the fee plus every transfer. */
  public long totalCost() {
    long total = fee;
    for (Transfer t : transfers) {
      total = Math.addExact(total, t.amount());
    }
    return total;
  }
}
