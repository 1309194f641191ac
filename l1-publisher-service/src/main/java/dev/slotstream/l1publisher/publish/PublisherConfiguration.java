package dev.slotstream.l1publisher.publish;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.gossip.GossipProperties;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.l1publisher.tx.L1TransactionManager;
import dev.slotstream.l1publisher.tx.L1TxProperties;
import dev.slotstream.l1publisher.tx.Web3jL1TransactionManager;
import dev.slotstream.node.chain.QuorumHandler;
import dev.slotstream.node.l1.VerifiedRollup;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.http.HttpService;

/**
 * The publisher: every checkpoint this node makes final goes to {@link CheckpointPublisher}, which
 * lands the ones this instance leads on the rollup contract named by {@code
 * slotstream.protocol.rollup-address} (the EIP-712 verifying contract every signature is bound to).
 * It is built only once {@link VerifiedRollup} says that contract agrees with this node's
 * configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PublisherProperties.class, L1TxProperties.class})
public class PublisherConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(PublisherConfiguration.class);

  @Bean
  public String publisherLeaderGroup(PublisherProperties properties, GossipProperties gossip) {
    return properties.leaderGroup().isBlank()
        ? gossip.getNetworkPrefix() + ".l1-publisher"
        : properties.leaderGroup();
  }

  @Bean
  public PublisherLeadership publisherLeadership(GossipTopics topics, GossipProperties gossip) {
    return new PublisherLeadership(topics.checkpointQuorum(), gossip.getPartitions());
  }

  @Bean(destroyMethod = "shutdown")
  public Web3j l1Web3j(L1TxProperties l1) {
    if (l1.rpcUrl() == null || l1.rpcUrl().isBlank()) {
      throw new IllegalStateException(
          "slotstream.l1.rpc-url is not set: the publisher needs an L1 node");
    }
    return Web3j.build(new HttpService(l1.rpcUrl()));
  }

  @Bean
  public RollupGateway rollupGateway(Web3j l1Web3j, RollupContext context) {
    return new RollupGateway(l1Web3j, context.rollupAddress().toHex());
  }

  @Bean
  public L1TransactionManager l1TransactionManager(
      Web3j l1Web3j,
      L1TxProperties l1,
      RollupContext context,
      MeterRegistry registry,
      Clock clock) {
    if (l1.privateKey() == null || l1.privateKey().isBlank()) {
      throw new IllegalStateException(
          "slotstream.l1.private-key is not set: the publisher needs a funded L1 key");
    }
    return new Web3jL1TransactionManager(
        l1Web3j,
        Credentials.create(l1.privateKey()),
        l1.forChain(context.chainId()),
        registry,
        clock);
  }

  /**
   * Before the service reports ready (runners run before readiness): one round of the calls a
   * publication makes (tip, chain id, block, fees, an estimate, an EIP-1559 signature never sent,
   * the slot's committee), so the first certified checkpoint does not pay the cold JVM's class
   * loading. On a devnet that first publication took 1.6 s cold (100 ms warm) and missed its slot;
   * L1 takes checkpoints only in order, so nothing after it could land. Failures are logged only.
   */
  @Bean
  public ApplicationRunner l1WarmUp(
      Web3j l1Web3j, RollupGateway gateway, L1TxProperties l1, RollupContext context, Clock clock) {
    return args -> {
      long started = System.nanoTime();
      try {
        gateway.tip();
        l1Web3j.ethChainId().send();
        l1Web3j.ethBlockNumber().send();
        l1Web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send();
        l1Web3j.ethMaxPriorityFeePerGas().send();
        Credentials credentials = Credentials.create(l1.privateKey());
        l1Web3j
            .ethEstimateGas(
                Transaction.createEthCallTransaction(
                    credentials.getAddress(), gateway.address(), "0x"))
            .send();
        TransactionEncoder.signMessage(
            RawTransaction.createTransaction(
                context.chainId(),
                BigInteger.ZERO,
                BigInteger.valueOf(21_000),
                credentials.getAddress(),
                BigInteger.ZERO,
                "",
                BigInteger.ONE,
                BigInteger.TWO),
            credentials);
        context
            .timetable()
            .slotAt(clock.instant())
            .ifPresent(slot -> context.epochCache().committeeFor(slot));
        LOG.info("l1 warm-up done in {} ms", (System.nanoTime() - started) / 1_000_000);
      } catch (Exception e) {
        LOG.warn("l1 warm-up failed (the first publication will be slower): {}", e.toString());
      }
    };
  }

  @Bean
  public PublicationStore publicationStore(PublisherProperties properties) {
    return new PublicationStore(properties.recentPublications());
  }

  @Bean(destroyMethod = "close")
  public CheckpointPublisher checkpointPublisher(
      RollupContext context,
      ChainStore chain,
      PublisherLeadership leadership,
      RollupGateway gateway,
      L1TransactionManager l1,
      PublicationStore store,
      MeterRegistry registry,
      Clock clock,
      VerifiedRollup verifiedRollup) {
    CheckpointPublisher publisher =
        new CheckpointPublisher(context, leadership, gateway, l1, store, registry, clock);
    chain.onCommit(publisher::onCommitted);
    publisher.rehearse();
    LOG.info("l1 publisher rollup={} sender={}", gateway.address(), l1.senderAddress());
    return publisher;
  }

  @Bean
  public QuorumHandler unpublishableQuorums(CheckpointPublisher publisher) {
    return publisher::onQuorum;
  }
}
