package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.RecordInterceptor;

class RecordFilteringBatchInterceptorTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final List<String> seen = new ArrayList<>();

  /** Drops every value starting with "bad", records what it saw. */
  private final RecordInterceptor<String, String> dropBad =
      (record, consumer) -> {
        seen.add(record.value());
        return record.value().startsWith("bad") ? null : record;
      };

  private final RecordFilteringBatchInterceptor<String, String> interceptor =
      new RecordFilteringBatchInterceptor<>(dropBad);

  @Test
  void shouldRunEveryRecordThroughTheRecordInterceptorsAndLeaveOutWhatTheyDrop() {
    ConsumerRecords<String, String> polled =
        new ConsumerRecords<>(
            Map.of(
                P0, List.of(record(P0, 0, "a"), record(P0, 1, "bad-1"), record(P0, 2, "b")),
                P1, List.of(record(P1, 0, "bad-2"))));

    ConsumerRecords<String, String> passed = interceptor.intercept(polled, null);

    assertThat(seen).containsExactlyInAnyOrder("a", "bad-1", "b", "bad-2");
    assertThat(passed.count()).isEqualTo(2);
    assertThat(passed.records(P0)).extracting(ConsumerRecord::offset).containsExactly(0L, 2L);
    assertThat(passed.records(P1)).isEmpty();
  }

  @Test
  void shouldHandOnThePollItselfWhenNothingIsDropped() {
    ConsumerRecords<String, String> polled =
        new ConsumerRecords<>(Map.of(P0, List.of(record(P0, 0, "a"), record(P0, 1, "b"))));

    assertThat(interceptor.intercept(polled, null)).isSameAs(polled);
  }

  private static ConsumerRecord<String, String> record(
      TopicPartition partition, long offset, String value) {
    return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "k", value);
  }
}
