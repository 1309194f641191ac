package dev.slotstream.gossip;

import dev.slotstream.core.message.TopicType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Kafka topic names of this network. A bean, so listeners name their topic with SpEL: {@code
 * @KafkaListener(topics = "#{@gossipTopics.blockProposal()}", containerFactory = ...)}.
 */
public final class GossipTopics {
  private final String networkPrefix;
  private final String deadLetterSuffix;

  public GossipTopics(String networkPrefix, String deadLetterSuffix) {
    this.networkPrefix = networkPrefix;
    this.deadLetterSuffix = deadLetterSuffix;
  }

  public static GossipTopics from(GossipProperties properties) {
    return new GossipTopics(properties.getNetworkPrefix(), properties.getDeadLetterSuffix());
  }

  public String name(GossipTopic topic) {
    return topic.qualified(networkPrefix);
  }

  public String name(TopicType type) {
    return type.qualified(networkPrefix);
  }

  public String deadLetter(GossipTopic topic) {
    return deadLetterOf(name(topic));
  }

  /** The dead-letter topic of a (qualified) Kafka topic name. */
  public String deadLetterOf(String topicName) {
    return topicName + deadLetterSuffix;
  }

  /** The gossip topic a (qualified) Kafka topic name belongs to, if any. */
  public Optional<GossipTopic> resolve(String topicName) {
    return Arrays.stream(GossipTopic.values()).filter(t -> name(t).equals(topicName)).findFirst();
  }

  public List<String> all() {
    return Arrays.stream(GossipTopic.values()).map(this::name).toList();
  }

  /** Every dead-letter topic, e.g. for a DLT monitor listener. */
  public List<String> allDeadLetters() {
    return all().stream().map(this::deadLetterOf).toList();
  }

  public String tx() {
    return name(GossipTopic.TX);
  }

  public String blockProposal() {
    return name(GossipTopic.BLOCK_PROPOSAL);
  }

  public String checkpointProposal() {
    return name(GossipTopic.CHECKPOINT_PROPOSAL);
  }

  public String checkpointAttestation() {
    return name(GossipTopic.CHECKPOINT_ATTESTATION);
  }

  public String checkpointQuorum() {
    return name(GossipTopic.CHECKPOINT_QUORUM);
  }

  public String networkPrefix() {
    return networkPrefix;
  }

  public String deadLetterSuffix() {
    return deadLetterSuffix;
  }
}
