package dev.slotstream.validator.gossip;

import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.validator.AttestationBroadcaster;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.node.chain.SlotTraces;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each attestation a job signed to the checkpoint_attestation topic. A failed or slow send
 * (broker blip, leader change) is retried by the resilience4j retry {@value #RETRY}; the retries are
 * asynchronous, so the job's thread never waits on Kafka. Counted in {@value
 * #PUBLISHED}{result=ok|failed}.
 *
 * <p>Re-publishing the same attestation is harmless: it is the same signed payload, which the
 * attestation pool deduplicates.
 *
 * <p>Each attestation is published in the trace its slot's checkpoint proposal arrived in ({@link
 * SlotTraces}; a retry runs on the retry thread, in a trace of its own).
 */
public final class GossipAttestationBroadcaster implements AttestationBroadcaster, AutoCloseable {
  public static final String RETRY = "attestation-publish";
  public static final String PUBLISHED = "slotstream.validator.attestations.published";

  private static final Logger LOG = LoggerFactory.getLogger(GossipAttestationBroadcaster.class);

  private final GossipPublisher publisher;
  private final Retry retry;
  private final Duration attemptTimeout;
  private final MeterRegistry registry;
  private final SlotTraces traces;
  private final ScheduledExecutorService retryScheduler =
      Executors.newSingleThreadScheduledExecutor(
          DaemonThreads.named("slotstream-attestation-retry"));

  public GossipAttestationBroadcaster(
      GossipPublisher publisher, Retry retry, Duration attemptTimeout, MeterRegistry registry) {
    this(publisher, retry, attemptTimeout, registry, new SlotTraces(ObservationRegistry.NOOP));
  }

  public GossipAttestationBroadcaster(
      GossipPublisher publisher,
      Retry retry,
      Duration attemptTimeout,
      MeterRegistry registry,
      SlotTraces traces) {
    this.publisher = publisher;
    this.retry = retry;
    this.attemptTimeout = attemptTimeout;
    this.registry = registry;
    this.traces = traces;
  }

  @Override
  public void broadcast(List<CheckpointAttestation> attestations) {
    for (CheckpointAttestation attestation : attestations) {
      traces.within(attestation.slotNumber(), SlotTraces.ATTESTATION, () -> publish(attestation));
    }
  }

  private CompletionStage<?> publish(CheckpointAttestation attestation) {
    return Retry.decorateCompletionStage(
            retry,
            retryScheduler,
            () ->
                publisher
                    .publishAttestation(attestation)
                    .orTimeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS))
        .get()
        .whenComplete(
            (sent, failure) -> {
              if (failure == null) {
                counter("ok").increment();
                LOG.info(
                    "attestation published slot={} archive={} payloadHash={} offset={}",
                    attestation.slotNumber(),
                    attestation.payload().archive(),
                    attestation.payloadHash(),
                    sent.getRecordMetadata().offset());
              } else {
                counter("failed").increment();
                LOG.error(
                    "attestation not published slot={} archive={} attempts={}",
                    attestation.slotNumber(),
                    attestation.payload().archive(),
                    retry.getRetryConfig().getMaxAttempts(),
                    failure);
              }
            });
  }

  private Counter counter(String result) {
    return Counter.builder(PUBLISHED)
        .description("Attestations this node published to the checkpoint_attestation topic")
        .tag("result", result)
        .register(registry);
  }

  @Override
  public void close() {
    retryScheduler.shutdownNow();
  }
}
