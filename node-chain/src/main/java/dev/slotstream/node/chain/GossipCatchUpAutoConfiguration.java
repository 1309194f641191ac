package dev.slotstream.node.chain;

import dev.slotstream.core.catchup.GossipCatchUp;
import dev.slotstream.core.catchup.GossipSync;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.gossip.GossipAutoConfiguration;
import dev.slotstream.gossip.GossipProperties;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.node.NodeAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Catch-up from the gossip log for an executing node without an L1 follower (docs/PROTOCOL.md
 * §13.6): a {@link GossipCatchUpRunner} that re-executes the checkpoints the node missed from the
 * quorum and proposal topics, and the node's {@link SyncGate}, closed while it does (in place of
 * {@link ChainAutoConfiguration}'s always-open one). Off with {@code
 * slotstream.chain.catch-up.enabled=false}; with {@code slotstream.l1.follow.enabled=true} the L1
 * follower does the catching up instead (§17).
 */
@AutoConfiguration(
    before = ChainAutoConfiguration.class,
    after = {NodeAutoConfiguration.class, GossipAutoConfiguration.class})
@EnableConfigurationProperties(GossipCatchUpProperties.class)
@ConditionalOnProperty(
    prefix = "slotstream.l1.follow",
    name = "enabled",
    havingValue = "false",
    matchIfMissing = true)
@ConditionalOnBean(GossipTopics.class)
public class GossipCatchUpAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "slotstream.chain.catch-up",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class CatchUp {
    @Bean
    GossipCatchUpRunner gossipCatchUpRunner(
        GossipCatchUpProperties properties,
        RollupContext context,
        ChainStore chain,
        CheckpointsBuilder checkpoints,
        TxPool pool,
        KafkaProperties kafka,
        ObjectProvider<SslBundles> sslBundles,
        GossipTopics topics,
        GossipProperties gossip,
        MeterRegistry registry) {
      KafkaGossipHistory history =
          new KafkaGossipHistory(
              KafkaGossipHistory.consumers(
                  kafka.buildConsumerProperties(sslBundles.getIfAvailable()),
                  gossip.getNodeId() + "-catchup"),
              topics,
              properties.readTimeout());
      GossipCatchUp catchUp =
          new GossipCatchUp(
              context,
              chain,
              checkpoints,
              history,
              pool::awaitTxs,
              properties.txWait(),
              new GossipSync());
      return new GossipCatchUpRunner(
          catchUp,
          history,
          properties.retryInterval(),
          properties.maxBackoff(),
          properties.startupWait(),
          registry);
    }

    /**
     * Closed until the node is at the gossip chain's tip: no proposal, no attestation. The catch-up's
     * own gate is not a bean, so this is the node's one {@link SyncGate}.
     */
    @Bean
    SyncGate syncGate(GossipCatchUpRunner runner, MeterRegistry registry) {
      return new CountedSyncGate(runner.sync(), registry, CountedSyncGate.GOSSIP_SYNCING);
    }

    /** DOWN until the node is at the gossip chain's tip, with where it stands. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {
      @Bean
      HealthIndicator gossipCatchUpHealthIndicator(GossipCatchUpRunner runner) {
        return () -> {
          GossipSync.Status s = runner.sync().status();
          Health.Builder b = s.state() == GossipSync.State.SYNCED ? Health.up() : Health.down();
          b.withDetail("state", s.state()).withDetail("detail", s.detail());
          runner
              .lastResult()
              .ifPresent(
                  r ->
                      b.withDetail("lastOutcome", r.outcome())
                          .withDetail("lastCaughtUp", r.committed())
                          .withDetail("chainTip", r.tip().checkpointNumber().value()));
          return b.build();
        };
      }
    }
  }
}
