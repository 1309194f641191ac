package dev.slotstream.node.chain;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The node's chain settings ({@code slotstream.chain.*}): genesis balances, the tx pool, the
 * durable signing record, and the threads that execute blocks.
 *
 * @param genesisBalances initial balances by hex address
 * @param genesisAccountSeeds devnet accounts ({@code SigningKey.fromSeed}), each given {@code
 *     genesisSeedBalance}
 * @param signingRecordDir where the signing record lives; it must survive restarts (a PVC in k8s)
 * @param interchangeApi whether a web node serves {@code /api/v1/slashing-protection/interchange}
 *     (EIP-3076 export and import of the signing record)
 */
@Validated
@ConfigurationProperties("slotstream.chain")
public record ChainProperties(
    @DefaultValue Map<String, Long> genesisBalances,
    @DefaultValue List<String> genesisAccountSeeds,
    @DefaultValue("1000000000") @Min(0) long genesisSeedBalance,
    @DefaultValue("10000") @Min(1) int txPoolMaxTxs,
    @DefaultValue("64") @Min(1) int txPoolMaxTxsPerSender,
    @DefaultValue("0") @Min(0) long minFee,
    @NotNull @DefaultValue("data/signing-record") Path signingRecordDir,
    @DefaultValue("2") @Min(1) int executionThreads,
    @DefaultValue("true") boolean interchangeApi) {}
