package dev.slotstream.proposer.config;

import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.sequencer.ProposerConfig;
import dev.slotstream.core.types.EthAddress;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code slotstream.proposer.*}: this proposer's local choices. Protocol parameters live under
 * {@code slotstream.protocol.*} (node-support), keys under {@code slotstream.node.*}.
 *
 * @param enabled run the sequencer (propose when one of the node's keys is a slot's proposer);
 *     false leaves only the tx API
 * @param coinbase hex address paid the block rewards; unset = the proposing key's own address
 * @param feeRecipient hex address the fees go to; unset = the proposing key's own address
 * @param maxTxsPerBlock the most txs one block takes from the pool (also capped by {@code
 *     slotstream.protocol.max-txs-per-block})
 * @param maxManaPerBlock the most mana one block may use
 * @param maxTxsPerCheckpoint the most txs one checkpoint (all the slot's blocks) takes; 0 for no
 *     limit but the blocks'. Set it to what one L1 {@code propose} can carry: the checkpoint's tx
 *     effects are its calldata (see docs/BENCHMARKS.md, ~12,500 gas per transfer)
 * @param lastBlockBudget how long the checkpoint's last block may take to execute at this
 *     proposer's measured pace per tx; 0 for no limit but the time to the checkpoint deadline. The
 *     last block is the one validators execute after the checkpoint proposal arrives, so it is on
 *     every checkpoint's path to quorum; the txs it leaves go into the next slot's blocks
 * @param includeTxs proposals carry their full txs, so validators never wait on their own pools
 * @param feePerDaGas gas fee asked per DA gas unit
 * @param feePerL2Gas gas fee asked per mana unit; a submitted tx below mana × this is rejected
 * @param broadcastTimeout how long one proposal send waits for the broker's ack before it is retried
 * @param txPublishTimeout how long {@code POST /api/v1/txs} waits for the tx topic's ack
 */
@Validated
@ConfigurationProperties("slotstream.proposer")
public record ProposerProperties(
    @DefaultValue("true") boolean enabled,
    @Pattern(regexp = HEX_ADDRESS, message = "must be a 20-byte hex address (0x + 40 hex digits)")
        String coinbase,
    @Pattern(regexp = HEX_ADDRESS, message = "must be a 20-byte hex address (0x + 40 hex digits)")
        String feeRecipient,
    @DefaultValue("256") @Min(0) @Max(ProtocolLimits.MAX_TXS_PER_BLOCK) int maxTxsPerBlock,
    @DefaultValue("100000000") @PositiveOrZero long maxManaPerBlock,
    @DefaultValue("0") @PositiveOrZero int maxTxsPerCheckpoint,
    @DefaultValue("10ms") @NotNull Duration lastBlockBudget,
    @DefaultValue("true") boolean includeTxs,
    @DefaultValue("0") @PositiveOrZero long feePerDaGas,
    @DefaultValue("0") @PositiveOrZero long feePerL2Gas,
    @DefaultValue("1s") @NotNull Duration broadcastTimeout,
    @DefaultValue("5s") @NotNull Duration txPublishTimeout) {

  static final String HEX_ADDRESS = "^0[xX][0-9a-fA-F]{40}$";

  @AssertTrue(message = "last-block-budget must not be negative (0 for no limit)")
  public boolean isLastBlockBudgetValid() {
    return lastBlockBudget == null || !lastBlockBudget.isNegative();
  }

  public GasFees gasFees() {
    return new GasFees(feePerDaGas, feePerL2Gas);
  }

  /** The job config for one of the node's keys; {@code protocolMaxTxs} caps the block size. */
  public ProposerConfig configFor(SigningKey key, int protocolMaxTxs) {
    EthAddress self = key.address();
    return new ProposerConfig(
        coinbase == null ? self : EthAddress.fromHex(coinbase),
        feeRecipient == null ? self : EthAddress.fromHex(feeRecipient),
        gasFees(),
        new BlockBuildLimits(Math.min(maxTxsPerBlock, protocolMaxTxs), maxManaPerBlock),
        includeTxs,
        maxTxsPerCheckpoint == 0 ? Integer.MAX_VALUE : maxTxsPerCheckpoint,
        lastBlockBudget.isZero() ? Optional.empty() : Optional.of(lastBlockBudget));
  }
}
