package dev.slotstream.core.sequencer;

import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.types.EthAddress;
import java.util.Objects;

/**
 * A proposer's local choices: who is paid, the fees it asks, how full it builds blocks, and
 * whether proposals carry their txs (so validators never wait on their own pools).
 */
public record ProposerConfig(
    EthAddress coinbase,
    EthAddress feeRecipient,
    GasFees gasFees,
    BlockBuildLimits limits,
    boolean includeTxs) {

  public ProposerConfig {
    Objects.requireNonNull(coinbase, "coinbase");
    Objects.requireNonNull(feeRecipient, "feeRecipient");
    Objects.requireNonNull(gasFees, "gasFees");
    Objects.requireNonNull(limits, "limits");
  }

  public static ProposerConfig defaults(EthAddress proposer) {
    return new ProposerConfig(
        proposer, proposer, GasFees.ZERO, new BlockBuildLimits(256, 100_000_000L), true);
  }
}
