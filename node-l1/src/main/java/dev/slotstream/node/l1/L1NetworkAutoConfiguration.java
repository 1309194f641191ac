package dev.slotstream.node.chain;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.node.NodeAutoConfiguration;
import dev.slotstream.node.ProtocolProperties;
import dev.slotstream.node.chain.l1.ConfigCheckProperties;
import dev.slotstream.node.chain.l1.RollupConfigurationCheck;
import dev.slotstream.node.chain.l1.RollupReader;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * When the node follows L1 ({@code slotstream.l1.follow.enabled=true}) its network parameters come
 * from L1 (PROTOCOL.md §4.2, §6): the validator set in its order, the target committee size and the
 * chain id are read from the Rollup contract at {@code slotstream.protocol.rollup-address} and the
 * L1 node while the context starts; the base seed and the timetable stay configuration and are
 * checked against the contract. A node whose configuration disagrees refuses to start, naming the
 * property and both values ({@link RollupConfigurationCheck#contextFromL1}). Before {@link
 * NodeAutoConfiguration}, whose configuration-only context then backs off.
 */
@AutoConfiguration(before = NodeAutoConfiguration.class)
@EnableConfigurationProperties({
  ProtocolProperties.class,
  L1FollowProperties.class,
  ConfigCheckProperties.class
})
@ConditionalOnProperty(prefix = "slotstream.l1.follow", name = "enabled", havingValue = "true")
public class L1NetworkAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(L1NetworkAutoConfiguration.class);

  @Bean(name = "l1FollowWeb3j", destroyMethod = "shutdown")
  public Web3j l1FollowWeb3j(L1FollowProperties properties) {
    return Web3j.build(new HttpService(properties.rpcUrl()));
  }

  @Bean
  public RollupContext rollupContext(
      ProtocolProperties protocol,
      L1FollowProperties follow,
      ConfigCheckProperties check,
      Environment environment,
      ObjectProvider<Clock> clock,
      Web3j l1FollowWeb3j) {
    boolean committeeSizeSet =
        Binder.get(environment).bind("slotstream.protocol.committee-size", Integer.class).isBound();
    RollupContext context =
        RollupConfigurationCheck.contextFromL1(
            protocol,
            committeeSizeSet,
            new RollupReader(l1FollowWeb3j, protocol.rollup().toHex()),
            follow.rpcUrl(),
            RollupConfigurationCheck.retry(check),
            clock.getIfAvailable(Clock::systemUTC).instant());
    LOG.info(
        "timetable preset={} {}; protocol signer chainId={} rollup={}",
        protocol.timetable().preset(),
        context.timetable(),
        context.chainId(),
        context.rollupAddress());
    return context;
  }
}
