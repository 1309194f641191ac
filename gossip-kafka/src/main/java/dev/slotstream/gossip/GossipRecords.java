package dev.slotstream.gossip;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a gossip listener reads off a record besides its value. */
public final class GossipRecords {
  private GossipRecords() {}

  /**
   * When the record was published: its timestamp (CreateTime, the publisher's clock; the broker's
   * with LogAppendTime); empty for a record without one (Kafka gives -1).
   */
  public static Optional<Instant> publishedAt(ConsumerRecord<?, ?> record) {
    return record.timestamp() < 0
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(record.timestamp()));
  }
}
