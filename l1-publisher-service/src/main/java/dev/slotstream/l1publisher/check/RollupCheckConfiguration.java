package dev.slotstream.l1publisher.check;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.l1publisher.tx.L1TxProperties;
import dev.slotstream.node.ProtocolProperties;
import dev.slotstream.node.l1.ConfigCheckProperties;
import dev.slotstream.node.l1.ConfiguredRollup;
import dev.slotstream.node.l1.RollupConfigurationCheck;
import dev.slotstream.node.l1.RollupReader;
import dev.slotstream.node.l1.VerifiedRollup;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.web3j.protocol.Web3j;

/**
 * Checks {@code slotstream.protocol.*} against L1 while the context starts. The check is a bean the
 * publisher depends on, so it fails the context before any Kafka listener starts consuming
 * (containers start only after every singleton exists).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConfigCheckProperties.class)
public class RollupCheckConfiguration {

  @Bean
  public RollupReader rollupReader(Web3j l1Web3j, RollupContext context) {
    return new RollupReader(l1Web3j, context.rollupAddress().toHex());
  }

  @Bean
  public ConfiguredRollup configuredRollup(ProtocolProperties protocol, RollupContext context) {
    return ConfiguredRollup.of(protocol, context);
  }

  @Bean
  public VerifiedRollup verifiedRollup(
      RollupReader rollupReader,
      ConfiguredRollup configuredRollup,
      L1TxProperties l1,
      ConfigCheckProperties properties,
      SlotClock slotClock) {
    return new RollupConfigurationCheck(
            rollupReader, configuredRollup, l1.rpcUrl(), RollupConfigurationCheck.retry(properties))
        .verify(slotClock.currentEpoch().orElse(EpochNumber.ZERO));
  }

  /**
   * Only for a publisher that does not follow L1 ({@code slotstream.l1.follow.enabled=false}): it
   * keeps its configured set, so it is told when L1's moves away. A publisher that follows L1
   * adopts each epoch's set from the contract ({@code L1ValidatorSchedule}) and needs no watch.
   */
  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty(
      prefix = "slotstream.l1.follow",
      name = "enabled",
      havingValue = "false",
      matchIfMissing = true)
  public ValidatorSetWatch validatorSetWatch(
      VerifiedRollup verifiedRollup,
      RollupReader rollupReader,
      ConfiguredRollup configuredRollup,
      DutyScheduler scheduler,
      SlotClock slotClock,
      MeterRegistry registry) {
    return new ValidatorSetWatch(rollupReader, configuredRollup, scheduler, slotClock, registry);
  }
}
