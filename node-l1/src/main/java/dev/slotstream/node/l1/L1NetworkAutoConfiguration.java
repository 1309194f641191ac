package dev.slotstream.node.l1;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.node.NodeAutoConfiguration;
import dev.slotstream.node.ProtocolProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * When the node follows L1 ({@code slotstream.l1.follow.enabled=true}: the executing nodes through
 * node-chain, and the attestation service) its network parameters come from L1 (PROTOCOL.md §4.2,
 * §6): the validator set of every epoch in its order, the target committee size and the chain id are
 * read from the Rollup contract at {@code slotstream.protocol.rollup-address} and the L1 node at
 * {@code slotstream.l1.follow.rpc-url}; the base seed and the timetable stay configuration and are
 * checked against the contract. A node whose configuration disagrees refuses to start, naming the
 * property and both values ({@link RollupConfigurationCheck#contextFromL1}). While running, the
 * {@link L1ValidatorSchedule} reads each epoch's set before the epoch starts (every {@code
 * slotstream.l1.follow.poll-interval}), so a set changed on L1 is adopted from the epoch the
 * contract applies it in, without a restart. Before {@link NodeAutoConfiguration}, whose
 * configuration-only context then backs off.
 */
@AutoConfiguration(before = NodeAutoConfiguration.class)
@EnableConfigurationProperties({ProtocolProperties.class, ConfigCheckProperties.class})
@ConditionalOnProperty(prefix = "slotstream.l1.follow", name = "enabled", havingValue = "true")
public class L1NetworkAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(L1NetworkAutoConfiguration.class);

  @Bean(name = "l1FollowWeb3j", destroyMethod = "shutdown")
  public Web3j l1FollowWeb3j(
      @Value("${slotstream.l1.follow.rpc-url:http://127.0.0.1:8545}") String rpcUrl) {
    return Web3j.build(new HttpService(rpcUrl));
  }

  /** The schedule behind the context's epoch cache; started by {@link #rollupContext}. */
  @Bean(destroyMethod = "close")
  public L1ValidatorSchedule l1ValidatorSchedule(
      ProtocolProperties protocol,
      Web3j l1FollowWeb3j,
      Environment environment,
      ObjectProvider<MeterRegistry> registry) {
    Duration pollInterval =
        Binder.get(environment)
            .bind("slotstream.l1.follow.poll-interval", Duration.class)
            .orElse(Duration.ofSeconds(1));
    RollupReader reader = new RollupReader(l1FollowWeb3j, protocol.rollup().toHex());
    var timetable = protocol.timetableConfig();
    return new L1ValidatorSchedule(
        reader,
        timetable.genesisTime().getEpochSecond(),
        timetable.slotDuration().toSeconds() * timetable.epochLength(),
        pollInterval,
        registry.getIfAvailable(SimpleMeterRegistry::new));
  }

  @Bean
  public RollupContext rollupContext(
      ProtocolProperties protocol,
      ConfigCheckProperties check,
      Environment environment,
      ObjectProvider<Clock> clock,
      Web3j l1FollowWeb3j,
      L1ValidatorSchedule l1ValidatorSchedule,
      @Value("${slotstream.l1.follow.rpc-url:http://127.0.0.1:8545}") String rpcUrl) {
    boolean committeeSizeSet =
        Binder.get(environment).bind("slotstream.protocol.committee-size", Integer.class).isBound();
    AtomicReference<L1ValidatorSchedule> started = new AtomicReference<>();
    RollupContext context =
        RollupConfigurationCheck.contextFromL1(
            protocol,
            committeeSizeSet,
            new RollupReader(l1FollowWeb3j, protocol.rollup().toHex()),
            rpcUrl,
            RollupConfigurationCheck.retry(check),
            clock.getIfAvailable(Clock::systemUTC).instant(),
            (epoch, set) -> {
              started.set(l1ValidatorSchedule.start(epoch, set));
              return l1ValidatorSchedule;
            });
    LOG.info(
        "timetable preset={} {}; protocol signer chainId={} rollup={}; validator sets from L1"
            + " known through epoch {}",
        protocol.timetable().preset(),
        context.timetable(),
        context.chainId(),
        context.rollupAddress(),
        started.get().knownThrough().map(e -> Long.toString(e.value())).orElse("none"));
    return context;
  }
}
