package dev.slotstream.core.exec;

import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/** The context every block of one checkpoint repeats (all of GlobalVariables but the number). */
public record CheckpointGlobals(
    long chainId,
    long version,
    SlotNumber slotNumber,
    long timestamp,
    EthAddress coinbase,
    EthAddress feeRecipient,
    GasFees gasFees) {
  public CheckpointGlobals {
    Objects.requireNonNull(slotNumber, "slotNumber");
    Objects.requireNonNull(coinbase, "coinbase");
    Objects.requireNonNull(feeRecipient, "feeRecipient");
    Objects.requireNonNull(gasFees, "gasFees");
    if (chainId < 0 || version < 0 || timestamp < 0) {
      throw new IllegalArgumentException("chainId, version and timestamp must be non-negative");
    }
  }

  /** The context of a received block (a validator's job starts from its first proposal). */
  public static CheckpointGlobals from(GlobalVariables g) {
    return new CheckpointGlobals(
        g.chainId(),
        g.version(),
        g.slotNumber(),
        g.timestamp(),
        g.coinbase(),
        g.feeRecipient(),
        g.gasFees());
  }

  public GlobalVariables toGlobalVariables(BlockNumber blockNumber) {
    return new GlobalVariables(
        chainId, version, blockNumber, slotNumber, timestamp, coinbase, feeRecipient, gasFees);
  }
}
