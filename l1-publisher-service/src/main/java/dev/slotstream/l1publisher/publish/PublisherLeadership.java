package dev.slotstream.l1publisher.publish;

import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * Which slots this publisher instance sends: every instance joins one consumer group on
 * checkpoint_quorum, and Kafka gives each partition to exactly one member. A slot's quorum is keyed
 * by the slot, so the member owning the slot key's partition is the one publisher for that slot.
 * While a rebalance hands a partition over, two instances may briefly both think they own it; the
 * contract's tip check before sending (and the simulation of {@code propose}) keeps the second from
 * landing anything.
 */
public class PublisherLeadership implements ConsumerSeekAware {
  public static final String LISTENER_ID = "slotstream-l1-publisher-leadership";
  private static final Logger LOG = LoggerFactory.getLogger(PublisherLeadership.class);

  private final String quorumTopic;
  private final int partitions;
  private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

  public PublisherLeadership(String quorumTopic, int partitions) {
    this.quorumTopic = quorumTopic;
    this.partitions = partitions;
  }

  /** Its records only carry the partition ownership; nothing is read from them. */
  @KafkaListener(
      id = LISTENER_ID,
      idIsGroup = false,
      groupId = "#{@publisherLeaderGroup}",
      topics = "#{@gossipTopics.checkpointQuorum()}",
      containerFactory = GossipListenerContainerFactory.BYTES)
  public void onQuorumRecord(byte[] ignored) {}

  public boolean isLeaderFor(SlotNumber slot) {
    return owned.contains(partitionOf(slot));
  }

  public boolean isLeaderOfAny() {
    return !owned.isEmpty();
  }

  /** The partition Kafka's default partitioner puts the slot's key in. */
  int partitionOf(SlotNumber slot) {
    return Utils.toPositive(Utils.murmur2(GossipKeys.slot(slot))) % partitions;
  }

  @Override
  public void onPartitionsAssigned(
      Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    assignments.keySet().stream()
        .filter(tp -> tp.topic().equals(quorumTopic))
        .forEach(tp -> owned.add(tp.partition()));
    LOG.info("publisher leadership partitions={}", owned);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    revoked.stream()
        .filter(tp -> tp.topic().equals(quorumTopic))
        .forEach(tp -> owned.remove(tp.partition()));
    LOG.info("publisher leadership partitions={} after revocation", owned);
  }
}
