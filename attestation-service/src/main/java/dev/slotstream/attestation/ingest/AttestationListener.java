package dev.slotstream.attestation.ingest;

import dev.slotstream.core.attestation.AddOutcome;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import dev.slotstream.gossip.GossipRecords;
import dev.slotstream.node.TxStepTimers;
import dev.slotstream.node.TxStepTimers.Step;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes {@code checkpoint_attestation} decoded by gossip-kafka (malformed bytes never get here:
 * they are dead-lettered as DECODE) in the service's own consumer group.
 *
 * <p>Times {@value TxStepTimers#STEP}{step=quorum}: for the attestation that claims a checkpoint's
 * quorum, from its record timestamp (the validator's send) to the quorum acknowledged by the broker
 * (the ingestor publishes it before it returns).
 */
public class AttestationListener {
  private final AttestationIngestor ingestor;
  private TxStepTimers steps;
  private Clock clock;

  public AttestationListener(AttestationIngestor ingestor) {
    this.ingestor = ingestor;
  }

  /** Where the service has meters (it always does; a bare test may not). */
  @Autowired(required = false)
  void timeSteps(MeterRegistry registry, Clock clock) {
    this.steps = new TxStepTimers(registry, Step.QUORUM);
    this.clock = clock;
  }

  @KafkaListener(
      id = "attestation-listener",
      topics = "#{@gossipTopics.checkpointAttestation()}",
      groupId = "${slotstream.attestation.consumer-group:attestation-service}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_ATTESTATION)
  public void onAttestation(ConsumerRecord<byte[], CheckpointAttestation> record) {
    AddOutcome outcome = ingestor.ingest(record.value());
    if (steps != null && outcome.claim().isPresent()) {
      GossipRecords.publishedAt(record)
          .ifPresent(at -> steps.record(Step.QUORUM, at, clock.instant()));
    }
  }
}
