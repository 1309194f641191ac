package dev.slotstream.gossip;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * {@value #METRIC}{topic}: how old a gossip record is when this node's listener container hands
 * it on, from its timestamp (the publisher's send, CreateTime) to the consumer thread's clock. It
 * is the broker and the poll loop's share of any path over Kafka (a block's broadcast → received, an
 * attestation's way to the attestation service), measured on every node for every record, valid or
 * not. Clocks of different hosts may be skewed; a negative age is recorded as zero, a record
 * without a timestamp is not recorded.
 */
final class GossipDelayTimer<K, V> implements RecordInterceptor<K, V> {
  static final String METRIC = "slotstream.gossip.delay";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Timer> byTopic = new ConcurrentHashMap<>();

  GossipDelayTimer(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
    if (record.timestamp() >= 0) {
      long ageMillis = clock.millis() - record.timestamp();
      timer(record.topic()).record(Duration.ofMillis(Math.max(0, ageMillis)));
    }
    return record;
  }

  private Timer timer(String topic) {
    return byTopic.computeIfAbsent(
        topic,
        t ->
            Timer.builder(METRIC)
                .description(
                    "Gossip record published (its timestamp) → handed to this node's listener")
                .tag("topic", t)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
  }
}
