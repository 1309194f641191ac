package dev.slotstream.node.chain;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The node's chain settings ({@code slotstream.chain.*}): genesis balances, the tx pool, the
 * durable signing record, and the threads that execute blocks.
 *
 * @param genesisBalances initial balances by hex address
 * @param genesisAccountSeeds devnet accounts ({@code SigningKey.fromSeed}), each given {@code
 *     genesisSeedBalance}
 * @param genesisAccountCount also funds the seeds {@code user-0 .. user-(N-1)} with {@code
 *     genesisSeedBalance} (a seed also listed in {@code genesisAccountSeeds} is funded once): how a
 *     load test gets thousands of senders without listing them
 * @param workerThreadPriority the Java priority (1–10) of the node's CPU-heavy threads: block
 *     execution and building ({@code slotstream-job-*}) and tx admission from the tx topic ({@code
 *     slotstream-tx-C-*}). Below normal (5), the gossip consumers of proposals, attestations and
 *     quorums, which take little CPU but are waited for, get a core first when the node is busy. On
 *     Linux it takes effect only with {@code -XX:ThreadPriorityPolicy=1} (docs/OPERATIONS.md, "CPU")
 * @param txLifecycleCapacity how many recent txs {@code /api/v1/txs/{hash}} remembers
 * @param signingRecordDir where the signing record lives; it must survive restarts (a PVC in k8s)
 * @param dataDir where the node keeps its final chain ({@code ChainJournal}) and resumes from
 *     after a restart; unset (the default), the node starts at genesis every time. Like the
 *     signing record it must survive restarts (a volume in compose, the PVC in Kubernetes)
 * @param snapshotAfter with {@code dataDir}: once the chain journal has grown by this much since the
 *     last snapshot, the chain at its rollback floor is written to {@code chain.snapshot} and the
 *     journal cut after it (docs/PROTOCOL.md §11.5), which bounds the journal and the restart's
 *     replay; 0 never snapshots
 * @param interchangeApi whether a web node serves {@code /api/v1/slashing-protection/interchange}
 *     (EIP-3076 export and import of the signing record)
 */
@Validated
@ConfigurationProperties("slotstream.chain")
public record ChainProperties(
    @DefaultValue Map<String, Long> genesisBalances,
    @DefaultValue List<String> genesisAccountSeeds,
    @DefaultValue("1000000000") @Min(0) long genesisSeedBalance,
    @DefaultValue("0") @Min(0) int genesisAccountCount,
    @DefaultValue("10000") @Min(1) int txPoolMaxTxs,
    @DefaultValue("64") @Min(1) int txPoolMaxTxsPerSender,
    @DefaultValue("0") @Min(0) long minFee,
    @NotNull @DefaultValue("data/signing-record") Path signingRecordDir,
    @DefaultValue("2") @Min(1) int executionThreads,
    @DefaultValue("5") @Min(1) @Max(10) int workerThreadPriority,
    @DefaultValue("true") boolean interchangeApi,
    @DefaultValue("100000") @Min(1) int txLifecycleCapacity,
    Path dataDir,
    @DefaultValue("64MB") DataSize snapshotAfter) {

  /** The seed of the {@code i}-th account {@code genesisAccountCount} funds. */
  public static String countedAccountSeed(int i) {
    return "user-" + i;
  }

  /** Every funded seed once: the listed seeds, then user-0..user-(genesisAccountCount-1). */
  public Set<String> allGenesisSeeds() {
    Set<String> seeds = new LinkedHashSet<>(genesisAccountSeeds);
    for (int i = 0; i < genesisAccountCount; i++) {
      seeds.add(countedAccountSeed(i));
    }
    return seeds;
  }
}
