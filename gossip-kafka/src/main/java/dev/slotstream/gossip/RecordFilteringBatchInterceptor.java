package dev.slotstream.gossip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * A batch container's view of the record interceptors a typed gossip container runs ({@link
 * GossipDelayTimer}, {@link RefusedRecordFilter}): each record of a poll goes through them, and the
 * records they drop (refused values, already rejected) are left out of the batch the listener gets.
 */
final class RecordFilteringBatchInterceptor<K, V> implements BatchInterceptor<K, V> {
  private final RecordInterceptor<K, V> perRecord;

  RecordFilteringBatchInterceptor(RecordInterceptor<K, V> perRecord) {
    this.perRecord = perRecord;
  }

  @Override
  public ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
    Map<TopicPartition, List<ConsumerRecord<K, V>>> kept = new LinkedHashMap<>();
    boolean dropped = false;
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<K, V>> polled = records.records(partition);
      List<ConsumerRecord<K, V>> passed = new ArrayList<>(polled.size());
      for (ConsumerRecord<K, V> record : polled) {
        ConsumerRecord<K, V> intercepted = perRecord.intercept(record, consumer);
        if (intercepted == null) {
          dropped = true;
        } else {
          passed.add(intercepted);
        }
      }
      if (!passed.isEmpty()) {
        kept.put(partition, passed);
      }
    }
    return dropped ? new ConsumerRecords<>(kept) : records;
  }
}
