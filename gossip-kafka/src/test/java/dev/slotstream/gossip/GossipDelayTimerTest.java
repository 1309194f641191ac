package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class GossipDelayTimerTest {
  private static final Instant NOW = Instant.parse("2026-12-03T18:00:00.250Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GossipDelayTimer<byte[], Object> timer =
      new GossipDelayTimer<>(registry, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void shouldTimeEachRecordFromItsTimestampToNowPerTopicAndPassItOn() {
    ConsumerRecord<byte[], Object> block = record("n.block_proposal", NOW.toEpochMilli() - 40);
    assertThat(timer.intercept(block, null)).isSameAs(block);
    timer.intercept(record("n.block_proposal", NOW.toEpochMilli() - 10), null);
    timer.intercept(record("n.checkpoint_attestation", NOW.toEpochMilli() - 7), null);

    Timer blocks = meter("n.block_proposal");
    assertThat(blocks.count()).isEqualTo(2);
    assertThat(blocks.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50.0);
    assertThat(blocks.max(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
    assertThat(meter("n.checkpoint_attestation").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
  }

  @Test
  void shouldRecordARecordFromAFastClockAsZeroAndSkipOneWithoutATimestamp() {
    timer.intercept(record("n.tx", NOW.toEpochMilli() + 30), null);
    timer.intercept(record("n.tx", RecordBatch.NO_TIMESTAMP), null);

    Timer txs = meter("n.tx");
    assertThat(txs.count()).isEqualTo(1);
    assertThat(txs.totalTime(TimeUnit.MILLISECONDS)).isZero();
  }

  private Timer meter(String topic) {
    return registry.get(GossipDelayTimer.METRIC).tag("topic", topic).timer();
  }

  private static ConsumerRecord<byte[], Object> record(String topic, long timestamp) {
    return new ConsumerRecord<>(
        topic,
        0,
        0L,
        timestamp,
        timestamp < 0 ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
        0,
        0,
        new byte[0],
        "value",
        new RecordHeaders(),
        Optional.empty());
  }
}
