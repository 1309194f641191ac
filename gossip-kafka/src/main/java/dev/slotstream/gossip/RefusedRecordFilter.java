package dev.slotstream.gossip;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * The record interceptor of every typed gossip container: a value {@link GossipValueDeserializer}
 * refused, or a null (tombstone) value, is rejected through {@link GossipRejections} and skipped
 * (returning null acknowledges it), in the poll loop, without an exception, a seek or a refetch.
 */
final class RefusedRecordFilter<K, V> implements RecordInterceptor<K, V> {
  private final GossipRejections rejections;
  private final String kind;

  RefusedRecordFilter(GossipRejections rejections, GossipCodec<?> codec) {
    this.rejections = rejections;
    this.kind = codec.topicType().kind().name();
  }

  @Override
  public ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
    Object value = record.value();
    if (value == null) {
      rejections.reject(record, RejectReason.DECODE, kind + ": null value (tombstone)");
      return null;
    }
    if (value instanceof RefusedValue refused) {
      rejections.refused(record, refused);
      return null;
    }
    return record;
  }
}
