package dev.slotstream.gossip;

import dev.slotstream.core.message.TopicType;

/** Every Kafka topic this library declares: one per common-model {@link TopicType}. */
public enum GossipTopic {
  TX(TopicType.TX),
  BLOCK_PROPOSAL(TopicType.BLOCK_PROPOSAL),
  CHECKPOINT_PROPOSAL(TopicType.CHECKPOINT_PROPOSAL),
  CHECKPOINT_ATTESTATION(TopicType.CHECKPOINT_ATTESTATION),
  CHECKPOINT_QUORUM(TopicType.CHECKPOINT_QUORUM);

  private final TopicType topicType;

  GossipTopic(TopicType topicType) {
    this.topicType = topicType;
  }

  public String topicName() {
    return topicType.topicName();
  }

  public TopicType topicType() {
    return topicType;
  }

  /** Same naming as {@link TopicType#qualified(String)}: {@code <prefix>.<topicName>}. */
  public String qualified(String networkPrefix) {
    return topicType.qualified(networkPrefix);
  }

  public static GossipTopic of(TopicType type) {
    return valueOf(type.name());
  }
}
