package dev.slotstream.node.chain;

import dev.slotstream.core.chain.ChainJournal;
import dev.slotstream.core.chain.ChainRestore;
import dev.slotstream.core.chain.ChainSnapshotter;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.CheckpointFinalizer;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.exec.CachingTxSenderRecovery;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.TxAdmission;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.slashing.FileSlashingProtector;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.gossip.GossipRejections;
import dev.slotstream.node.NodeAutoConfiguration;
import dev.slotstream.node.l1.L1ValidatorSchedule;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * The chain beans of an executing node. Proposer and validator services share them, so both
 * agree on genesis, tx rules and how a checkpoint becomes final.
 */
@AutoConfiguration(after = NodeAutoConfiguration.class)
@EnableConfigurationProperties(ChainProperties.class)
public class ChainAutoConfiguration {
  /** How many recent senders the node's recovery cache holds (see {@link #txValidator}). */
  static final int RECENT_SENDERS = 16_384;

  private static final Logger LOG = LoggerFactory.getLogger(ChainAutoConfiguration.class);

  /**
   * Nothing holds the duties back: only when neither {@link L1FollowAutoConfiguration} (catch-up
   * from L1) nor {@link GossipCatchUpAutoConfiguration} (catch-up from the gossip log) defines the
   * gate.
   */
  @Bean
  @ConditionalOnProperty(
      prefix = "slotstream.l1.follow",
      name = "enabled",
      havingValue = "false",
      matchIfMissing = true)
  @ConditionalOnMissingBean
  public SyncGate syncGate() {
    return SyncGate.OPEN;
  }

  /**
   * The genesis state. The chain's current state is {@code ChainStore.worldState()}: after a restart
   * from a snapshot it is another instance, starting at the snapshot's block.
   */
  @Bean
  @ConditionalOnMissingBean
  public WorldState worldState(RollupContext context, ChainProperties chain) {
    Map<EthAddress, Long> balances = new LinkedHashMap<>();
    chain
        .genesisBalances()
        .forEach((address, balance) -> balances.put(EthAddress.fromHex(address), balance));
    for (String seed : chain.allGenesisSeeds()) {
      balances.merge(SigningKey.fromSeed(seed).address(), chain.genesisSeedBalance(), Long::sum);
    }
    WorldState state = WorldState.genesis(context.chainId(), context.version(), balances);
    LOG.info("genesis accounts={} archive={}", balances.size(), state.latest().archiveRoot());
    return state;
  }

  /** The node's final chain on disk, when {@code slotstream.chain.data-dir} is set. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "slotstream.chain", name = "data-dir")
  public ChainJournal chainJournal(ChainProperties chain) {
    Path dir = chain.dataDir();
    LOG.info("chain journal in {}", dir.toAbsolutePath());
    return ChainJournal.open(dir);
  }

  /**
   * The node's chain; with a journal, first brought back to where the node was (before any commit
   * listener is registered: the replayed checkpoints are not news).
   */
  @Bean
  @ConditionalOnMissingBean
  public ChainStore chainStore(
      WorldState worldState,
      MeterRegistry registry,
      RollupContext context,
      ChainProperties properties,
      ObjectProvider<ChainJournal> journal,
      ObjectProvider<L1ValidatorSchedule> l1Sets) {
    ChainStore genesis = new ChainStore(worldState);
    ChainJournal j = journal.getIfAvailable();
    ChainStore chain = genesis;
    if (j != null) {
      long started = System.nanoTime();
      // Replayed checkpoints may be of epochs older than the sets read ahead: read them here.
      L1ValidatorSchedule sets = l1Sets.getIfAvailable();
      RollupContext replay =
          sets == null ? context : context.withValidators(sets.readingOnCallingThread());
      ChainRestore.Result restored =
          ChainRestore.restore(properties.dataDir(), genesis, j, new QuorumValidator(replay));
      chain = restored.chain();
      LOG.info(
          "chain from disk: checkpoint {} (slot {}, block {}) in {} ms, from {}, {} entries"
              + " replayed, {} dropped",
          restored.tip().checkpointNumber().value(),
          restored.tip().slot().map(s -> Long.toString(s.value())).orElse("-"),
          restored.tip().blockNumber().value(),
          (System.nanoTime() - started) / 1_000_000,
          restored.snapshot().map(n -> "the snapshot at checkpoint " + n.value()).orElse("genesis"),
          restored.applied(),
          restored.dropped());
    }
    Gauge.builder("slotstream.chain.tip.block", chain, c -> c.tip().blockNumber().value())
        .register(registry);
    Gauge.builder("slotstream.chain.tip.checkpoint", chain, c -> c.tip().checkpointNumber().value())
        .register(registry);
    Gauge.builder("slotstream.chain.pending.checkpoints", chain, ChainStore::pendingCount)
        .register(registry);
    return chain;
  }

  /**
   * Bounds the chain journal with a snapshot ({@code slotstream.chain.snapshot-after}): taken on a
   * thread of its own, at low priority, off the commit path. Registered after the restore, like
   * every commit listener.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "slotstream.chain", name = "data-dir")
  public ChainSnapshotter chainSnapshotter(
      ChainProperties properties, ChainStore chain, ChainJournal journal, MeterRegistry registry) {
    ChainSnapshotter snapshotter =
        ChainSnapshotter.onOwnThread(
                properties.dataDir(), chain, journal, properties.snapshotAfter().toBytes())
            .start();
    Gauge.builder("slotstream.chain.journal.bytes", journal, ChainJournal::size)
        .description("size of the chain journal's intact entries")
        .register(registry);
    Gauge.builder(
            "slotstream.chain.snapshot.checkpoint",
            snapshotter,
            ChainSnapshotter::lastSnapshotCheckpoint)
        .description("checkpoint of the newest chain snapshot on disk (0: none)")
        .register(registry);
    return snapshotter;
  }

  /**
   * Recovers each tx's signature once per node: admission from the API or the tx topic, the
   * proposer's echo of its own tx topic and block building or re-execution all share one cache of
   * senders (measured: recovery is most of a block's execution time, docs/BENCHMARKS.md). The pooled
   * instance of a tx remembers its own sender, so the cache only has to hold what another instance
   * of the same tx meets within seconds: {@value #RECENT_SENDERS} recoveries, ~8 s at 2,000 tx/s.
   */
  @Bean
  @ConditionalOnMissingBean
  public TxValidator txValidator(RollupContext context, ChainProperties chain) {
    return new TxValidator(
        context.chainId(),
        new CachingTxSenderRecovery(context.signer()::recoverTxSender, RECENT_SENDERS),
        chain.minFee(),
        ProtocolLimits.MAX_TX_BYTES);
  }

  @Bean
  @ConditionalOnMissingBean
  public CheckpointsBuilder checkpointsBuilder(TxValidator validator) {
    return new CheckpointsBuilder(validator);
  }

  @Bean
  @ConditionalOnMissingBean
  public TxPool txPool(ChainProperties chain, MeterRegistry registry) {
    TxPool pool =
        new TxPool(
            new TxPoolConfig(
                chain.txPoolMaxTxs(),
                chain.txPoolMaxTxsPerSender(),
                TxPoolConfig.DEFAULT_REPLACEMENT_BUMP_PERCENT));
    Gauge.builder("slotstream.txpool.size", pool, TxPool::size).register(registry);
    return pool;
  }

  /**
   * How every tx enters the pool, from the tx topic or a node's API. A node that builds no blocks
   * has no gas price of its own, so its floor is the local minimum fee alone; the proposer replaces
   * this bean with one at its gas fees.
   */
  @Bean
  @ConditionalOnMissingBean
  public TxAdmission txAdmission(TxValidator validator, TxPool pool, ChainStore chain) {
    return new TxAdmission(validator, GasFees.ZERO, pool, () -> chain.worldState().latest());
  }

  /** Durable: an approval is on disk before the signature it allows is released. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(SlashingProtector.class)
  public FileSlashingProtector slashingProtector(ChainProperties chain) {
    LOG.info("signing record in {}", chain.signingRecordDir().toAbsolutePath());
    return FileSlashingProtector.open(chain.signingRecordDir());
  }

  /**
   * Executes blocks and builds them; jobs serialize their own work on it. Its threads run at {@code
   * worker-thread-priority}.
   */
  @Bean(name = "slotstreamJobExecutor", destroyMethod = "shutdownNow")
  @ConditionalOnMissingBean(name = "slotstreamJobExecutor")
  public ExecutorService slotstreamJobExecutor(ChainProperties chain) {
    return Executors.newFixedThreadPool(
        chain.executionThreads(),
        DaemonThreads.numbered("slotstream-job", chain.workerThreadPriority()));
  }

  /**
   * Runs the tx listener's consumer ({@code slotstream-tx-C-n}) at {@code worker-thread-priority},
   * like execution: admitting thousands of txs a second must not delay a proposal's consumer.
   */
  @Bean(TxGossipListener.CONTAINER_POST_PROCESSOR)
  public ContainerPostProcessor<byte[], Tx, AbstractMessageListenerContainer<byte[], Tx>>
      slotstreamTxContainerPostProcessor(ChainProperties chain) {
    return container -> {
      SimpleAsyncTaskExecutor consumers =
          new SimpleAsyncTaskExecutor(container.getListenerId() + "-C-");
      consumers.setThreadPriority(chain.workerThreadPriority());
      container.getContainerProperties().setListenerTaskExecutor(consumers);
    };
  }

  /**
   * Each recent tx's stage on this node ({@code /api/v1/txs/{hash}}): fed by the tx topic, the
   * node's API and jobs, every checkpoint this node commits and, with {@code
   * slotstream.l1.follow.enabled}, its L1 follower ({@link L1FollowAutoConfiguration}); times each
   * stage as {@value TxStageTimers#STAGE} and the quorum-to-L1 step as {@value TxStageTimers#STEP}.
   * After a restart on a chain journal it first knows again the txs of the newest restored
   * checkpoints (CHECKPOINTED, and ON_L1 once the follower resumes from its position record).
   */
  @Bean
  @ConditionalOnMissingBean
  public TxLifecycle txLifecycle(
      ChainProperties properties,
      ChainStore chain,
      Clock clock,
      MeterRegistry registry,
      @Value("${slotstream.l1.follow.enabled:false}") boolean l1Followed) {
    TxLifecycle lifecycle = new TxLifecycle(properties.txLifecycleCapacity(), clock, l1Followed);
    int restored = lifecycle.restore(chain);
    if (restored > 0) {
      LOG.info(
          "tx lifecycle: {} txs of the restored chain (up to checkpoint {}) known again",
          restored,
          chain.tip().checkpointNumber().value());
    }
    chain.onCommit(committed -> lifecycle.committed(committed, clock.instant()));
    lifecycle.addListener(new TxStageTimers(registry, l1Followed));
    Gauge.builder("slotstream.tx.lifecycle.size", lifecycle, TxLifecycle::size).register(registry);
    return lifecycle;
  }

  @Bean
  @ConditionalOnMissingBean
  public TxGossipListener txGossipListener(
      TxAdmission admission,
      MeterRegistry registry,
      TxLifecycle lifecycle,
      ObjectProvider<GossipRejections> rejections) {
    ConsumerRecordRecoverer rejecter = rejections.getIfAvailable();
    if (rejecter == null) {
      // Without the gossip auto-configuration no listener container ever calls onTxs.
      rejecter =
          (record, e) -> {
            throw new IllegalStateException("no GossipRejections to reject a tx with", e);
          };
    }
    return new TxGossipListener(admission, registry, lifecycle, rejecter);
  }

  /** The node's one path to finality: verify the quorum, commit, clear the pool. */
  @Bean
  @ConditionalOnMissingBean
  public CheckpointFinalizer checkpointFinalizer(
      RollupContext context, ChainStore chain, TxPool pool) {
    return new CheckpointFinalizer(new QuorumValidator(context), chain, pool);
  }

  @Bean
  @ConditionalOnMissingBean
  public QuorumGossipListener quorumGossipListener(
      CheckpointFinalizer finalizer,
      ObjectProvider<QuorumHandler> handlers,
      MeterRegistry registry,
      Clock clock,
      RollupContext context) {
    return new QuorumGossipListener(finalizer, handlers, registry, clock, context.timetable());
  }
}
