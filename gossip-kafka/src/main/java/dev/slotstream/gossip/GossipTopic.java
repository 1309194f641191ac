package dev.slotstream.gossip;

import dev.slotstream.core.message.TopicType;
import java.util.Optional;

/**
 * Every Kafka topic this library declares: the four {@link TopicType}s of common-model plus {@code
 * checkpoint_quorum}, whose message type common-model will define later (the topic exists already so
 * its producers and consumers can be wired without a topic migration).
 */
public enum GossipTopic {
  TX(TopicType.TX),
  BLOCK_PROPOSAL(TopicType.BLOCK_PROPOSAL),
  CHECKPOINT_PROPOSAL(TopicType.CHECKPOINT_PROPOSAL),
  CHECKPOINT_ATTESTATION(TopicType.CHECKPOINT_ATTESTATION),
  CHECKPOINT_QUORUM("checkpoint_quorum");

  private final String topicName;
  private final TopicType topicType;

  GossipTopic(TopicType topicType) {
    this.topicName = topicType.topicName();
    this.topicType = topicType;
  }

  GossipTopic(String topicName) {
    this.topicName = topicName;
    this.topicType = null;
  }

  public String topicName() {
    return topicName;
  }

  /** The common-model topic type, when its message type exists there. */
  public Optional<TopicType> topicType() {
    return Optional.ofNullable(topicType);
  }

  /** Same naming as {@link TopicType#qualified(String)}: {@code <prefix>.<topicName>}. */
  public String qualified(String networkPrefix) {
    return networkPrefix == null || networkPrefix.isEmpty()
        ? topicName
        : networkPrefix + "." + topicName;
  }

  public static GossipTopic of(TopicType type) {
    return valueOf(type.name());
  }
}
