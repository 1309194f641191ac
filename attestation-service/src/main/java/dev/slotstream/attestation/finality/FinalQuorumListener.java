package dev.slotstream.attestation.finality;

import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads every quorum on the gossip (this instance's and any other's) in this instance's own group
 * (the node id), validated as a node would (committee signatures, window at the record's
 * timestamp), into {@link LatestFinalCheckpoint}. A quorum that does not validate changes nothing.
 */
public class FinalQuorumListener {
  private static final Logger LOG = LoggerFactory.getLogger(FinalQuorumListener.class);

  private final LatestFinalCheckpoint latest;
  private final QuorumValidator validator;

  public FinalQuorumListener(LatestFinalCheckpoint latest, RollupContext context) {
    this.latest = latest;
    this.validator = new QuorumValidator(context);
  }

  @KafkaListener(
      id = "attestation-final-quorums",
      idIsGroup = false, // group = this instance's node id: every instance sees every quorum
      topics = "#{@gossipTopics.checkpointQuorum()}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_QUORUM)
  public void onQuorum(ConsumerRecord<byte[], CheckpointQuorum> record) {
    CheckpointQuorum quorum = record.value();
    // Whether it is certified, not whether it came in time: a quorum read late (a lagging
    // consumer, a restart) is as final as one read at once.
    QuorumValidation validation = validator.validateLanded(quorum);
    if (!validation.isValid()) {
      LOG.warn(
          "quorum on the gossip ignored for finality slot={} reason={}",
          quorum.slotNumber().value(),
          validation);
      return;
    }
    if (latest.onFinal(quorum)) {
      LOG.debug(
          "latest final checkpoint slot={} archive={}",
          quorum.slotNumber().value(),
          quorum.payload().archive());
    }
  }
}
