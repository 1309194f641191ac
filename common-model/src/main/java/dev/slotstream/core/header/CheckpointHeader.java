package dev.slotstream.core.header;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/** The aggregate of one slot's blocks: what validators attest to and L1 records. */
public record CheckpointHeader(
    Fr lastArchiveRoot,
    Fr blockHeadersHash,
    ContentCommitment contentCommitment,
    SlotNumber slotNumber,
    long timestamp,
    EthAddress coinbase,
    EthAddress feeRecipient,
    GasFees gasFees,
    long totalManaUsed) {
  public static final int ENCODED_SIZE = 32 + 32 + 96 + 8 + 8 + 20 + 20 + 16 + 8;

  public CheckpointHeader {
    Objects.requireNonNull(lastArchiveRoot, "lastArchiveRoot");
    Objects.requireNonNull(blockHeadersHash, "blockHeadersHash");
    Objects.requireNonNull(contentCommitment, "contentCommitment");
    Objects.requireNonNull(slotNumber, "slotNumber");
    Objects.requireNonNull(coinbase, "coinbase");
    Objects.requireNonNull(feeRecipient, "feeRecipient");
    Objects.requireNonNull(gasFees, "gasFees");
    if (timestamp < 0 || totalManaUsed < 0) {
      throw new IllegalArgumentException("timestamp and totalManaUsed must be non-negative");
    }
  }

  public static CheckpointHeader read(ByteReader r) {
    return new CheckpointHeader(
        Fr.read(r, "checkpoint.lastArchiveRoot"),
        Fr.read(r, "checkpoint.blockHeadersHash"),
        ContentCommitment.read(r),
        SlotNumber.read(r, "checkpoint.slotNumber"),
        r.u64("checkpoint.timestamp"),
        EthAddress.read(r, "checkpoint.coinbase"),
        EthAddress.read(r, "checkpoint.feeRecipient"),
        GasFees.read(r),
        r.u64("checkpoint.totalManaUsed"));
  }

  public void write(ByteWriter w) {
    lastArchiveRoot.write(w);
    blockHeadersHash.write(w);
    contentCommitment.write(w);
    slotNumber.write(w);
    w.u64(timestamp);
    coinbase.write(w);
    feeRecipient.write(w);
    gasFees.write(w);
    w.u64(totalManaUsed);
  }

  public byte[] encode() {
    ByteWriter w = new ByteWriter(ENCODED_SIZE);
    write(w);
    return w.toByteArray();
  }

  public Fr hash() {
    return Fr.reduce(Keccak.hash(encode()));
  }
}
