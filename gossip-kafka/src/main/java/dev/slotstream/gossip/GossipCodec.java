package dev.slotstream.gossip;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.TopicType;
import dev.slotstream.core.message.Tx;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One gossip message type on the wire: a record value is exactly the common-model canonical encoding
 * ({@code encode()}/{@code decode(byte[])}), nothing wrapped around it.
 *
 * <p>{@link #deserializer()} throws {@link DecodingException} (naming the field) for any malformed
 * value, including a null value: for tools. The gossip listener containers use {@link
 * GossipValueDeserializer} instead, which checks the size first and never throws.
 *
 * @param <T> the message type
 */
public final class GossipCodec<T> {
  public static final GossipCodec<Tx> TX =
      new GossipCodec<>(TopicType.TX, Tx.class, Tx::encode, Tx::decode);
  public static final GossipCodec<BlockProposal> BLOCK_PROPOSAL =
      new GossipCodec<>(
          TopicType.BLOCK_PROPOSAL,
          BlockProposal.class,
          BlockProposal::encode,
          BlockProposal::decode);
  public static final GossipCodec<CheckpointProposal> CHECKPOINT_PROPOSAL =
      new GossipCodec<>(
          TopicType.CHECKPOINT_PROPOSAL,
          CheckpointProposal.class,
          CheckpointProposal::encode,
          CheckpointProposal::decode);
  public static final GossipCodec<CheckpointAttestation> CHECKPOINT_ATTESTATION =
      new GossipCodec<>(
          TopicType.CHECKPOINT_ATTESTATION,
          CheckpointAttestation.class,
          CheckpointAttestation::encode,
          CheckpointAttestation::decode);
  public static final GossipCodec<CheckpointQuorum> CHECKPOINT_QUORUM =
      new GossipCodec<>(
          TopicType.CHECKPOINT_QUORUM,
          CheckpointQuorum.class,
          CheckpointQuorum::encode,
          CheckpointQuorum::decode);

  private static final List<GossipCodec<?>> ALL =
      List.of(TX, BLOCK_PROPOSAL, CHECKPOINT_PROPOSAL, CHECKPOINT_ATTESTATION, CHECKPOINT_QUORUM);

  private final TopicType topicType;
  private final Class<T> messageType;
  private final Function<T, byte[]> encoder;
  private final Function<byte[], T> decoder;

  private GossipCodec(
      TopicType topicType,
      Class<T> messageType,
      Function<T, byte[]> encoder,
      Function<byte[], T> decoder) {
    this.topicType = topicType;
    this.messageType = messageType;
    this.encoder = encoder;
    this.decoder = decoder;
  }

  public static GossipCodec<?> of(TopicType type) {
    return switch (type) {
      case TX -> TX;
      case BLOCK_PROPOSAL -> BLOCK_PROPOSAL;
      case CHECKPOINT_PROPOSAL -> CHECKPOINT_PROPOSAL;
      case CHECKPOINT_ATTESTATION -> CHECKPOINT_ATTESTATION;
      case CHECKPOINT_QUORUM -> CHECKPOINT_QUORUM;
    };
  }

  /** The codec of a message object, if it is a known gossip message. */
  @SuppressWarnings("unchecked")
  public static <M> Optional<GossipCodec<M>> forMessage(M message) {
    return ALL.stream()
        .filter(c -> c.messageType.isInstance(message))
        .findFirst()
        .map(c -> (GossipCodec<M>) c);
  }

  public static List<GossipCodec<?>> all() {
    return ALL;
  }

  public TopicType topicType() {
    return topicType;
  }

  public Class<T> messageType() {
    return messageType;
  }

  public byte[] encode(T message) {
    return encoder.apply(Objects.requireNonNull(message, "message"));
  }

  /** Decodes hostile bytes; throws only {@link DecodingException}. */
  public T decode(byte[] bytes) {
    return decoder.apply(bytes);
  }

  public Serializer<T> serializer() {
    return (topic, data) -> data == null ? null : encode(data);
  }

  public Deserializer<T> deserializer() {
    return (topic, data) -> decode(data);
  }

  /**
   * A value serializer for any gossip message, raw bytes (passed through unchanged) and strings: what the
   * dead-letter publisher needs, since it republishes both undecodable bytes and decoded messages.
   */
  public static Serializer<Object> anyMessageSerializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      if (data instanceof byte[] bytes) {
        return bytes;
      }
      if (data instanceof String text) {
        // Only a foreign listener's records on Boot's default factory: dead-letter them readable.
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      return forMessage(data)
          .map(codec -> codec.encode(data))
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "not a gossip message: " + data.getClass().getName()));
    };
  }

  @Override
  public String toString() {
    return "GossipCodec[" + topicType + "]";
  }
}
