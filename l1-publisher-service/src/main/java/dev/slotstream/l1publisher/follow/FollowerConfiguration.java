package dev.slotstream.l1publisher.follow;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.slashing.SlashingProtectionException;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.ExecutionMode;
import dev.slotstream.core.validator.TxSource;
import dev.slotstream.core.validator.ValidatorClient;
import dev.slotstream.core.validator.ValidatorDependencies;
import dev.slotstream.node.chain.ProposalGossipListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The publisher follows the chain as a validator without keys: it re-executes every slot's
 * proposals as they arrive (so it holds each checkpoint with its tx effects, the data L1 needs) and
 * makes them final on verified quorums, but it never signs anything.
 */
@Configuration(proxyBeanMethods = false)
public class FollowerConfiguration {

  /** This node holds no signing key; any request to sign is refused. */
  @Bean
  public SlashingProtector slashingProtector() {
    return (duty, payloadHash) -> {
      throw new SlashingProtectionException(
          "the L1 publisher holds no signing keys; refused " + duty);
    };
  }

  @Bean
  public ValidatorClient followerClient(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      SlashingProtector protector,
      TxPool pool,
      DutyScheduler scheduler,
      @Qualifier("slotstreamJobExecutor") ExecutorService executor,
      UncaughtErrors errors) {
    return new ValidatorClient(
        new ValidatorDependencies(
            context,
            chain,
            checkpoints,
            protector,
            TxSource.of(pool),
            scheduler,
            executor,
            AttestationJobListener.NONE,
            BlockBuildLimits.PROTOCOL,
            ExecutionMode.PIPELINED,
            errors),
        List.of(),
        attestations -> {
          throw new IllegalStateException("the L1 publisher never attests");
        });
  }

  @Bean
  public ProposalGossipListener proposalGossipListener(
      ValidatorClient followerClient, SlotClock slotClock, MeterRegistry registry) {
    return new ProposalGossipListener(followerClient, slotClock, registry, true);
  }
}
