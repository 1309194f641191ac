package dev.slotstream.core.exec;

import dev.slotstream.core.codec.ProtocolLimits;

/** Caps on one block: number of txs (at most the protocol's) and total mana. */
public record BlockBuildLimits(int maxTxs, long maxMana) {
  public static final BlockBuildLimits PROTOCOL =
      new BlockBuildLimits(ProtocolLimits.MAX_TXS_PER_BLOCK, Long.MAX_VALUE);

  public BlockBuildLimits {
    if (maxTxs < 0 || maxTxs > ProtocolLimits.MAX_TXS_PER_BLOCK) {
      throw new IllegalArgumentException(
          "maxTxs must be 0.." + ProtocolLimits.MAX_TXS_PER_BLOCK + ", got " + maxTxs);
    }
    if (maxMana < 0) {
      throw new IllegalArgumentException("maxMana must be non-negative");
    }
  }
}
