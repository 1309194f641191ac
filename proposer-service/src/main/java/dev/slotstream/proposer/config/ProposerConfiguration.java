package dev.slotstream.proposer.config;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.pool.TxAdmission;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.sequencer.ProposalBroadcaster;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.core.sequencer.ProposerDependencies;
import dev.slotstream.core.sequencer.Sequencer;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.node.NodeKeys;
import dev.slotstream.proposer.sequencer.KafkaProposalBroadcaster;
import dev.slotstream.proposer.sequencer.ProposalStepTimers;
import dev.slotstream.proposer.sequencer.ProposalTracker;
import dev.slotstream.proposer.sequencer.SequencerHealthIndicator;
import dev.slotstream.proposer.sequencer.SequencerLifecycle;
import dev.slotstream.proposer.tx.TxGossip;
import dev.slotstream.proposer.tx.TxSubmissionService;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The proposer's wiring around the protocol core: the tx API's admission service, the Kafka
 * broadcaster, the sequencer with its lifecycle, metrics and health. Chain, pool, signing record,
 * scheduler and keys come from node-chain and node-support. No {@code QuorumHandler}: node-chain's
 * quorum listener already commits checkpoints and prunes the pool.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProposerProperties.class)
public class ProposerConfiguration {

  @Bean
  TxGossip txGossip(GossipPublisher publisher) {
    return publisher::publishTx;
  }

  /**
   * Replaces node-chain's admission: the pool, fed from this API and the tx topic alike, takes no
   * tx below the gas fees this proposer builds its blocks with.
   */
  @Bean
  TxAdmission txAdmission(
      TxValidator validator, TxPool pool, ChainStore chain, ProposerProperties proposer) {
    return new TxAdmission(validator, proposer.gasFees(), pool, () -> chain.worldState().latest());
  }

  @Bean
  TxSubmissionService txSubmissionService(
      TxAdmission admission,
      TxGossip gossip,
      ProposerProperties proposer,
      MeterRegistry registry,
      TxLifecycle lifecycle) {
    return new TxSubmissionService(
        admission, gossip, proposer.txPublishTimeout(), registry, lifecycle);
  }

  @Bean
  KafkaProposalBroadcaster proposalBroadcaster(
      GossipPublisher publisher,
      RetryRegistry retries,
      ProposerProperties proposer,
      MeterRegistry registry,
      ObjectProvider<ObservationRegistry> observations) {
    return new KafkaProposalBroadcaster(
        publisher,
        retries.retry(KafkaProposalBroadcaster.RETRY_NAME),
        proposer.broadcastTimeout(),
        registry,
        observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  @Bean
  ProposalTracker proposalTracker(MeterRegistry registry) {
    return new ProposalTracker(registry);
  }

  /**
   * Every signature the sequencer makes is approved by the durable signing record first, so a
   * restarted node never signs a second, different proposal for a (slot, index) or a second
   * checkpoint for a slot.
   */
  @Bean
  Sequencer sequencer(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      NodeKeys keys,
      TxPool pool,
      SlashingProtector protector,
      DutyScheduler scheduler,
      @Qualifier("slotstreamJobExecutor") Executor executor,
      ProposalBroadcaster broadcaster,
      ProposalTracker tracker,
      TxLifecycle lifecycle,
      UncaughtErrors errors,
      ProposerProperties proposer,
      ObjectProvider<SyncGate> syncGate,
      MeterRegistry registry,
      Clock clock) {
    // The tracker, the tx lifecycle and the step timers hear every job event.
    ProposalStepTimers steps = new ProposalStepTimers(registry, clock);
    lifecycle.addListener(steps);
    ProposalJobListener listeners =
        ProposalJobListener.both(
            ProposalJobListener.both(tracker, lifecycle.proposalListener()), steps);
    return new Sequencer(
        new ProposerDependencies(
            context,
            chain,
            checkpoints,
            pool,
            protector,
            scheduler,
            executor,
            broadcaster,
            listeners,
            errors,
            syncGate.getIfAvailable(() -> SyncGate.OPEN)),
        keys.keys(),
        key -> proposer.configFor(key, context.maxTxsPerBlock()));
  }

  @Bean
  SequencerLifecycle sequencerLifecycle(
      Sequencer sequencer, ProposerProperties proposer, NodeKeys keys) {
    return new SequencerLifecycle(sequencer, proposer.enabled(), keys.addresses());
  }

  @Bean
  SequencerHealthIndicator sequencerHealthIndicator(
      SequencerLifecycle lifecycle, ProposalTracker tracker, Timetable timetable, Clock clock) {
    return new SequencerHealthIndicator(lifecycle, tracker, timetable, clock);
  }
}
