package dev.slotstream.attestation.finality;

import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import dev.slotstream.gossip.GossipRecords;
import java.time.Clock;
import java.time.Instant;
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
  private final Clock clock;

  public FinalQuorumListener(LatestFinalCheckpoint latest, RollupContext context, Clock clock) {
    this.latest = latest;
    this.validator = new QuorumValidator(context);
    this.clock = clock;
  }

  @KafkaListener(
      id = "attestation-final-quorums",
      idIsGroup = false, // group = this instance's node id: every instance sees every quorum
      topics = "#{@gossipTopics.checkpointQuorum()}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_QUORUM)
  public void onQuorum(ConsumerRecord<byte[], CheckpointQuorum> record) {
    CheckpointQuorum quorum = record.value();
    // Judged at its publication, as every node judges it: a quorum read late (a lagging consumer,
    // a restart) is as final as one read at once, and one published after its window is final
    // nowhere.
    Instant publishedAt = GossipRecords.publishedAt(record).orElseGet(clock::instant);
    QuorumValidation validation = validator.validate(quorum, publishedAt);
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
