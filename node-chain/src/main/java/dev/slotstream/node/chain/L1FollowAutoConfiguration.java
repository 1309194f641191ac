package dev.slotstream.node.chain;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.l1.L1Follower;
import dev.slotstream.core.l1.L1PositionFile;
import dev.slotstream.core.l1.L1Sync;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.AddResult;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.l1.follow.RollupL1Source;
import dev.slotstream.node.l1.L1ValidatorSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.web3j.protocol.Web3j;

/**
 * The L1 follower of an executing node, when {@code slotstream.l1.follow.enabled=true}: it reads
 * the rollup at the context's rollup address and keeps the node's {@link ChainStore} on L1
 * (docs/PROTOCOL.md §17). Txs of pruned checkpoints go back to the pool. The node's {@link
 * TxLifecycle} hears each checkpoint landing (its txs reach ON_L1) and each one undone (its txs go
 * back to PENDING, or DROPPED when the pool does not take them again). The L1 client and the
 * context read from L1 come from {@link dev.slotstream.node.l1.L1NetworkAutoConfiguration}.
 */
@AutoConfiguration(after = ChainAutoConfiguration.class)
@EnableConfigurationProperties(L1FollowProperties.class)
@ConditionalOnProperty(prefix = "slotstream.l1.follow", name = "enabled", havingValue = "true")
public class L1FollowAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(L1FollowAutoConfiguration.class);

  @Bean
  public L1FollowerRunner l1FollowerRunner(
      L1FollowProperties properties,
      ChainProperties chainProperties,
      RollupContext context,
      ChainStore chain,
      TxPool pool,
      Web3j l1FollowWeb3j,
      Clock clock,
      MeterRegistry registry,
      TxLifecycle lifecycle,
      ObjectProvider<L1ValidatorSchedule> l1Sets) {
    // The follower runs on its own thread and may replay checkpoints of older epochs: it may read
    // their validator sets there (duties and listeners never read L1).
    L1ValidatorSchedule sets = l1Sets.getIfAvailable();
    RollupContext checking =
        sets == null ? context : context.withValidators(sets.readingOnCallingThread());
    RollupL1Source source =
        new RollupL1Source(
            l1FollowWeb3j,
            context.rollupAddress(),
            properties.confirmations(),
            properties.maxBlockRange());
    L1Follower follower =
        new L1Follower(
            source,
            chain,
            new QuorumValidator(checking),
            context.timetable(),
            properties.fromBlock(),
            txs -> backToPool(txs, pool, lifecycle),
            new L1Sync(clock, properties.syncStaleAfter(), properties.syncMaxLagBlocks()));
    follower.addListener(lifecycle.l1Listener());
    if (chainProperties.dataDir() != null) {
      // Resume near the last followed checkpoint instead of rescanning from deployment (§17.7).
      follower.keepPositionIn(
          new L1PositionFile(
              chainProperties.dataDir(),
              "chain "
                  + context.chainId()
                  + " rollup "
                  + context.rollupAddress()
                  + " from L1 block "
                  + properties.fromBlock()));
    }
    LOG.info(
        "following the rollup {} on {} (confirmations={}, position record in {})",
        context.rollupAddress(),
        properties.rpcUrl(),
        properties.confirmations(),
        chainProperties.dataDir() == null ? "none" : chainProperties.dataDir());
    return new L1FollowerRunner(
        follower, properties.pollInterval(), properties.maxBackoff(), registry);
  }

  /** The txs of undone checkpoints, each reported as the pool took it (or did not). */
  static void backToPool(List<Tx> txs, TxPool pool, TxLifecycle lifecycle) {
    for (Tx tx : txs) {
      AddResult result = pool.add(tx);
      if (result.status().accepted() || result.status() == AddStatus.DUPLICATE) {
        lifecycle.pooled(tx.hash(), result);
      } else {
        lifecycle.dropped(tx.hash(), "NOT_REPOOLED: " + result.status() + ": " + result.reason());
      }
    }
  }

  /**
   * Closed until the follower has caught up with L1 (§17.6): the proposer and the validator skip
   * their duties meanwhile.
   */
  @Bean
  public SyncGate syncGate(L1FollowerRunner runner, MeterRegistry registry) {
    return new CountedSyncGate(runner.follower().sync(), registry);
  }

  /** DOWN until the node has caught up with L1 once, then UP with the follower's progress. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class Health {
    @Bean
    HealthIndicator l1FollowHealthIndicator(L1FollowerRunner runner) {
      return () -> {
        L1Follower.Status s = runner.status();
        org.springframework.boot.actuate.health.Health.Builder b =
            s.synced()
                ? org.springframework.boot.actuate.health.Health.up()
                : org.springframework.boot.actuate.health.Health.down();
        b.withDetail("scannedToL1Block", s.scannedToL1Block())
            .withDetail("l1Tip", s.l1Tip().value())
            .withDetail("chainTip", s.chainTip().value())
            .withDetail("rolledBack", s.rolledBack())
            .withDetail("pruned", s.pruned());
        runner.lastError().ifPresent(e -> b.withDetail("lastError", e));
        return b.build();
      };
    }
  }
}
