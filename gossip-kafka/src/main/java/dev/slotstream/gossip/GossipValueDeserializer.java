package dev.slotstream.gossip;

import dev.slotstream.core.codec.DecodingException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A gossip topic's value deserializer that never throws: a value it cannot decode becomes a {@link
 * RefusedValue} (so a poll never fails and nothing is redelivered). The size is checked first, on
 * the fetched buffer, before a byte is copied; an oversized value keeps only its first {@link
 * GossipLimits#DEAD_LETTER_PREFIX_BYTES} for the dead-letter topic.
 */
final class GossipValueDeserializer implements Deserializer<Object> {
  private final GossipCodec<?> codec;
  private final int valueLimit;

  GossipValueDeserializer(GossipCodec<?> codec) {
    this.codec = codec;
    this.valueLimit = GossipLimits.valueLimit(GossipTopic.of(codec.topicType()));
  }

  @Override
  public Object deserialize(String topic, byte[] data) {
    return data == null ? null : deserialize(topic, null, ByteBuffer.wrap(data));
  }

  @Override
  public Object deserialize(String topic, Headers headers, byte[] data) {
    return deserialize(topic, data);
  }

  @Override
  public Object deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    int size = data.remaining();
    if (size > valueLimit) {
      byte[] prefix = new byte[GossipLimits.DEAD_LETTER_PREFIX_BYTES];
      data.duplicate().get(prefix);
      return new RefusedValue(
          RejectReason.OVERSIZED,
          codec.topicType().kind()
              + ": value of "
              + size
              + " bytes exceeds the limit of "
              + valueLimit,
          prefix,
          size);
    }
    byte[] bytes = new byte[size];
    data.duplicate().get(bytes);
    try {
      return codec.decode(bytes);
    } catch (DecodingException e) {
      return new RefusedValue(RejectReason.DECODE, e.getMessage(), bytes, size);
    } catch (RuntimeException e) {
      // A decoder bug must not turn the record into a poll that fails forever.
      return new RefusedValue(
          RejectReason.DECODE, e.getClass().getSimpleName() + ": " + e.getMessage(), bytes, size);
    }
  }
}
