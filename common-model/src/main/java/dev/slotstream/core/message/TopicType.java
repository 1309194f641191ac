package dev.slotstream.core.message;

/** The gossip topics; each carries one message kind. */
public enum TopicType {
  TX("tx", MessageKind.TX),
  BLOCK_PROPOSAL("block_proposal", MessageKind.BLOCK_PROPOSAL),
  CHECKPOINT_PROPOSAL("checkpoint_proposal", MessageKind.CHECKPOINT_PROPOSAL),
  CHECKPOINT_ATTESTATION("checkpoint_attestation", MessageKind.CHECKPOINT_ATTESTATION),
  CHECKPOINT_QUORUM("checkpoint_quorum", MessageKind.CHECKPOINT_QUORUM);

  private final String topicName;
  private final MessageKind kind;

  TopicType(String topicName, MessageKind kind) {
    this.topicName = topicName;
    this.kind = kind;
  }

  public String topicName() {
    return topicName;
  }

  public MessageKind kind() {
    return kind;
  }

  /** The topic name under a network prefix, e.g. {@code devnet.block_proposal}. */
  public String qualified(String networkPrefix) {
    return networkPrefix == null || networkPrefix.isEmpty()
        ? topicName
        : networkPrefix + "." + topicName;
  }
}
