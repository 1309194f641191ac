package dev.slotstream.core.sequencer;

import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.types.EthAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A proposer's local choices: who is paid, the fees it asks, how full it builds blocks, how many
 * txs a whole checkpoint may take, and whether proposals carry their txs (so validators never wait
 * on their own pools).
 *
 * @param maxTxsPerCheckpoint the most txs the slot's blocks take together: a checkpoint's tx effects
 *     travel to L1 in the calldata of one {@code propose}, which must fit an L1 block and be
 *     simulated within the slot, so a checkpoint L1 cannot take is never built (it would be pruned,
 *     and every checkpoint built on it with it)
 * @param lastBlockBudget how long the checkpoint's last block may take to execute, at this
 *     proposer's measured pace per tx (empty: no limit but the time to the checkpoint deadline).
 *     Validators execute every other block while the next is built; the last one travels in the
 *     checkpoint proposal and is executed after it arrives, so its size is on every checkpoint's
 *     path to quorum. The txs it leaves go into the next slot's blocks.
 */
public record ProposerConfig(
    EthAddress coinbase,
    EthAddress feeRecipient,
    GasFees gasFees,
    BlockBuildLimits limits,
    boolean includeTxs,
    int maxTxsPerCheckpoint,
    Optional<Duration> lastBlockBudget) {

  public ProposerConfig {
    Objects.requireNonNull(coinbase, "coinbase");
    Objects.requireNonNull(feeRecipient, "feeRecipient");
    Objects.requireNonNull(gasFees, "gasFees");
    Objects.requireNonNull(limits, "limits");
    if (maxTxsPerCheckpoint < 0) {
      throw new IllegalArgumentException(
          "maxTxsPerCheckpoint must not be negative, got " + maxTxsPerCheckpoint);
    }
    Objects.requireNonNull(lastBlockBudget, "lastBlockBudget");
    if (lastBlockBudget.filter(Duration::isNegative).isPresent()) {
      throw new IllegalArgumentException(
          "lastBlockBudget must not be negative, got " + lastBlockBudget.get());
    }
  }

  /** No limit on the last block but the time to the checkpoint deadline. */
  public ProposerConfig(
      EthAddress coinbase,
      EthAddress feeRecipient,
      GasFees gasFees,
      BlockBuildLimits limits,
      boolean includeTxs,
      int maxTxsPerCheckpoint) {
    this(
        coinbase, feeRecipient, gasFees, limits, includeTxs, maxTxsPerCheckpoint, Optional.empty());
  }

  /** No limit per checkpoint but the blocks' own. */
  public ProposerConfig(
      EthAddress coinbase,
      EthAddress feeRecipient,
      GasFees gasFees,
      BlockBuildLimits limits,
      boolean includeTxs) {
    this(coinbase, feeRecipient, gasFees, limits, includeTxs, Integer.MAX_VALUE);
  }

  public static ProposerConfig defaults(EthAddress proposer) {
    return new ProposerConfig(
        proposer, proposer, GasFees.ZERO, new BlockBuildLimits(256, 100_000_000L), true);
  }
}
