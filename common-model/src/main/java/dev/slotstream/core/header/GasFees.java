package dev.slotstream.core.header;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;

/** Fee per unit of data-availability gas and of L2 gas ("mana"). */
public record GasFees(long feePerDaGas, long feePerL2Gas) {
  public static final GasFees ZERO = new GasFees(0, 0);

  public GasFees {
    if (feePerDaGas < 0 || feePerL2Gas < 0) {
      throw new IllegalArgumentException("gas fees must be non-negative");
    }
  }

  public static GasFees read(ByteReader r) {
    return new GasFees(r.u64("gasFees.feePerDaGas"), r.u64("gasFees.feePerL2Gas"));
  }

  public void write(ByteWriter w) {
    w.u64(feePerDaGas).u64(feePerL2Gas);
  }
}
