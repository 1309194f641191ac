package dev.slotstream.validator.config;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.TxSource;
import dev.slotstream.core.validator.ValidatorClient;
import dev.slotstream.core.validator.ValidatorDependencies;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.node.NodeKeys;
import dev.slotstream.node.chain.ProposalGossipListener;
import dev.slotstream.node.chain.SlotTraces;
import dev.slotstream.validator.gossip.GossipAttestationBroadcaster;
import dev.slotstream.validator.node.EvidenceStore;
import dev.slotstream.validator.node.ExecutionTimes;
import dev.slotstream.validator.node.FullCollectionPacing;
import dev.slotstream.validator.node.FullCollectionPacing.OldGenerationGauge;
import dev.slotstream.validator.node.RecentOutcomes;
import dev.slotstream.validator.node.ValidatorJobListener;
import dev.slotstream.validator.node.YoungCollectionPacing;
import dev.slotstream.validator.node.YoungCollectionPacing.EdenGauge;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The validator node: one {@link ValidatorClient} for all of this node's keys, fed by the proposal
 * topics, finding txs in the node's pool, signing only through the durable signing record, and
 * publishing attestations to the gossip.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ValidatorProperties.class)
public class ValidatorConfiguration {
  public static final String ACTIVE_JOBS = "slotstream.validator.jobs.active";

  static final String PACING = "fullCollectionPacing";
  static final String YOUNG_PACING = "youngCollectionPacing";

  private static final Logger LOG = LoggerFactory.getLogger(ValidatorConfiguration.class);

  @Bean
  public RecentOutcomes recentOutcomes(ValidatorProperties properties) {
    return new RecentOutcomes(properties.recentOutcomes());
  }

  @Bean
  public EvidenceStore evidenceStore(ValidatorProperties properties) {
    return new EvidenceStore(properties.maxEvidence());
  }

  @Bean
  public ExecutionTimes executionTimes(ValidatorProperties properties) {
    return new ExecutionTimes(properties.recentOutcomes());
  }

  @Bean
  public ValidatorJobListener validatorJobListener(
      MeterRegistry registry,
      RecentOutcomes outcomes,
      EvidenceStore evidence,
      ExecutionTimes executionTimes) {
    return new ValidatorJobListener(registry, outcomes, evidence, executionTimes);
  }

  /** A slot's trace, from its checkpoint proposal's arrival to the attestations signed for it. */
  @Bean
  public SlotTraces slotTraces(ObjectProvider<ObservationRegistry> observations) {
    return new SlotTraces(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  @Bean(destroyMethod = "close")
  public GossipAttestationBroadcaster attestationBroadcaster(
      GossipPublisher publisher,
      RetryRegistry retries,
      ValidatorProperties properties,
      MeterRegistry registry,
      SlotTraces traces) {
    return new GossipAttestationBroadcaster(
        publisher,
        retries.retry(GossipAttestationBroadcaster.RETRY),
        properties.attestationPublishTimeout(),
        registry,
        traces);
  }

  /**
   * Full collections on this node's turn ({@link FullCollectionPacing}); a listener that does
   * nothing when they are off or when the collector has no stop-the-world collection of the whole
   * old generation to pace (G1, ZGC).
   */
  @Bean(PACING)
  public AttestationJobListener fullCollectionPacing(
      ValidatorProperties properties,
      RollupContext context,
      NodeKeys keys,
      DutyScheduler scheduler,
      MeterRegistry registry) {
    if (!properties.paceFullCollections()) {
      return AttestationJobListener.NONE;
    }
    Optional<OldGenerationGauge> gauge = OldGenerationGauge.detect();
    if (gauge.isEmpty()) {
      LOG.info(
          "full collections not paced: the collector does not stop to collect the old generation"
              + " (G1, ZGC), or -XX:+DisableExplicitGC is set");
      return AttestationJobListener.NONE;
    }
    LOG.info("full collections paced: on this node's turn in the committee, after the slot's job");
    return new FullCollectionPacing(
        gauge.get(),
        System::gc,
        context.epochCache()::findCommitteeFor,
        keys.addresses(),
        scheduler,
        context.timetable()::attestationDeadline,
        Executors.newSingleThreadExecutor(DaemonThreads.named("slotstream-gc-pacer")),
        registry);
  }

  /**
   * Young collections brought forward to a slot's attestation deadline ({@link
   * YoungCollectionPacing}); a listener that does nothing when they are off or the collector has no
   * eden (ZGC, Shenandoah).
   */
  @Bean(YOUNG_PACING)
  public AttestationJobListener youngCollectionPacing(
      ValidatorProperties properties,
      RollupContext context,
      DutyScheduler scheduler,
      MeterRegistry registry) {
    if (!properties.paceYoungCollections()) {
      return AttestationJobListener.NONE;
    }
    Optional<EdenGauge> gauge = EdenGauge.detect();
    if (gauge.isEmpty()) {
      LOG.info("young collections not paced: the collector has no eden (ZGC, Shenandoah)");
      return AttestationJobListener.NONE;
    }
    return new YoungCollectionPacing(
        gauge.get(),
        scheduler,
        context.timetable()::attestationDeadline,
        Executors.newSingleThreadExecutor(DaemonThreads.named("slotstream-young-gc-pacer")),
        registry);
  }

  @Bean
  public ValidatorClient validatorClient(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      NodeKeys keys,
      SlashingProtector protector,
      TxPool pool,
      DutyScheduler scheduler,
      @Qualifier("slotstreamJobExecutor") ExecutorService executor,
      GossipAttestationBroadcaster broadcaster,
      ValidatorJobListener jobListener,
      TxLifecycle lifecycle,
      UncaughtErrors errors,
      MeterRegistry registry,
      ValidatorProperties properties,
      ObjectProvider<SyncGate> syncGate,
      @Qualifier(PACING) AttestationJobListener pacing,
      @Qualifier(YOUNG_PACING) AttestationJobListener youngPacing) {
    // The node's metrics and stores, the tx lifecycle and the pacings hear every job event.
    AttestationJobListener listener =
        AttestationJobListener.both(
            AttestationJobListener.both(jobListener, lifecycle.attestationListener()),
            AttestationJobListener.both(pacing, youngPacing));
    if (keys.isEmpty()) {
      LOG.warn("validator node without keys: it re-executes every slot but never attests");
    }
    ValidatorClient client =
        new ValidatorClient(
            new ValidatorDependencies(
                context,
                chain,
                checkpoints,
                protector,
                TxSource.of(pool),
                scheduler,
                executor,
                listener,
                BlockBuildLimits.PROTOCOL,
                properties.executionMode(),
                errors,
                syncGate.getIfAvailable(() -> SyncGate.OPEN)),
            keys.keys(),
            broadcaster);
    Gauge.builder(ACTIVE_JOBS, client, ValidatorClient::activeJobs)
        .description("Slot jobs currently open (one per slot with proposals, until the slot ends)")
        .register(registry);
    LOG.info(
        "validator client keys={} addresses={} executionMode={}",
        keys.size(),
        keys.addresses(),
        properties.executionMode());
    return client;
  }

  @Bean
  public ProposalGossipListener proposalGossipListener(
      ValidatorClient client,
      SlotClock slotClock,
      MeterRegistry registry,
      ValidatorProperties properties,
      SlotTraces traces) {
    return new ProposalGossipListener(client, slotClock, registry, properties.catchUp(), traces);
  }
}
