package dev.slotstream.core.header;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/** The block's context. Every block of one checkpoint repeats all of it but the block number. */
public record GlobalVariables(
    long chainId,
    long version,
    BlockNumber blockNumber,
    SlotNumber slotNumber,
    long timestamp,
    EthAddress coinbase,
    EthAddress feeRecipient,
    GasFees gasFees) {
  public GlobalVariables {
    if (chainId < 0 || version < 0 || timestamp < 0) {
      throw new IllegalArgumentException("chainId, version and timestamp must be non-negative");
    }
    Objects.requireNonNull(blockNumber, "blockNumber");
    Objects.requireNonNull(slotNumber, "slotNumber");
    Objects.requireNonNull(coinbase, "coinbase");
    Objects.requireNonNull(feeRecipient, "feeRecipient");
    Objects.requireNonNull(gasFees, "gasFees");
  }

  public static GlobalVariables read(ByteReader r) {
    return new GlobalVariables(
        r.u64("globals.chainId"),
        r.u64("globals.version"),
        BlockNumber.read(r, "globals.blockNumber"),
        SlotNumber.read(r, "globals.slotNumber"),
        r.u64("globals.timestamp"),
        EthAddress.read(r, "globals.coinbase"),
        EthAddress.read(r, "globals.feeRecipient"),
        GasFees.read(r));
  }

  public void write(ByteWriter w) {
    w.u64(chainId).u64(version);
    blockNumber.write(w);
    slotNumber.write(w);
    w.u64(timestamp);
    coinbase.write(w);
    feeRecipient.write(w);
    gasFees.write(w);
  }

  /** True when {@code other} is a later block of the same checkpoint context. */
  public boolean sameCheckpointContext(GlobalVariables other) {
    return chainId == other.chainId
        && version == other.version
        && slotNumber.equals(other.slotNumber)
        && timestamp == other.timestamp
        && coinbase.equals(other.coinbase)
        && feeRecipient.equals(other.feeRecipient)
        && gasFees.equals(other.gasFees);
  }

  public GlobalVariables withBlockNumber(BlockNumber number) {
    return new GlobalVariables(
        chainId, version, number, slotNumber, timestamp, coinbase, feeRecipient, gasFees);
  }
}
