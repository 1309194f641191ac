package dev.slotstream.attestation.ingest;

import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes {@code checkpoint_attestation} decoded by gossip-kafka (malformed bytes never get here:
 * they are dead-lettered as DECODE) in the service's own consumer group.
 */
public class AttestationListener {
  private final AttestationIngestor ingestor;

  public AttestationListener(AttestationIngestor ingestor) {
    this.ingestor = ingestor;
  }

  @KafkaListener(
      id = "attestation-listener",
      topics = "#{@gossipTopics.checkpointAttestation()}",
      groupId = "${slotstream.attestation.consumer-group:attestation-service}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_ATTESTATION)
  public void onAttestation(CheckpointAttestation attestation) {
    ingestor.ingest(attestation);
  }
}
