package dev.slotstream.node.chain;

import dev.slotstream.core.catchup.GossipHistory;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipLimits;
import dev.slotstream.gossip.GossipTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The gossip log read back from Kafka for a catch-up (docs/PROTOCOL.md §13.6): one consumer with no
 * group ({@code assign()}, nothing committed), positioned by timestamp with {@code offsetsForTimes}
 * on every partition of a topic, read up to the end offsets taken before reading. Proposals are
 * picked by their key (the slot, 8 bytes big-endian) before they are decoded; a record that does
 * not decode is skipped (the live listeners dead-letter it). Used from one thread at a time.
 */
public final class KafkaGossipHistory implements GossipHistory, AutoCloseable {
  private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
  private final GossipTopics topics;
  private final Duration timeout;
  private Consumer<byte[], byte[]> consumer;

  /**
   * @param timeout the longest one read (metadata, offsets and records) may take before it fails
   */
  public KafkaGossipHistory(
      Supplier<Consumer<byte[], byte[]>> consumerFactory, GossipTopics topics, Duration timeout) {
    this.consumerFactory = consumerFactory;
    this.topics = topics;
    this.timeout = timeout;
  }

  /**
   * A consumer configured from the node's Kafka settings: no group, nothing committed, fetch sizes
   * large enough for the largest gossip record.
   */
  public static Supplier<Consumer<byte[], byte[]>> consumers(
      Map<String, Object> kafkaConsumerProperties, String clientId) {
    Map<String, Object> config = new HashMap<>(kafkaConsumerProperties);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    // A read ends at the log's end: a fetch the broker parks there (500 ms by default) would delay
    // the next read, which cannot fetch from that broker until it returns.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, GossipLimits.largestRecordLimit());
    config.put(
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
        Math.max(GossipLimits.largestRecordLimit(), ConsumerConfig.DEFAULT_FETCH_MAX_BYTES));
    config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    return () ->
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public List<Published<CheckpointQuorum>> quorumsFrom(Instant from, int max) {
    return read(topics.checkpointQuorum(), from, Optional.empty(), max, CheckpointQuorum::decode);
  }

  @Override
  public List<Published<BlockProposal>> blockProposals(SlotNumber slot, Instant from, Instant to) {
    return read(
        topics.blockProposal(),
        from,
        Optional.of(new Bound(slot, to)),
        Integer.MAX_VALUE,
        BlockProposal::decode);
  }

  @Override
  public List<Published<CheckpointProposal>> checkpointProposals(
      SlotNumber slot, Instant from, Instant to) {
    return read(
        topics.checkpointProposal(),
        from,
        Optional.of(new Bound(slot, to)),
        Integer.MAX_VALUE,
        CheckpointProposal::decode);
  }

  /** Only records keyed {@code slot}; a partition is done at a later slot's record after {@code to}. */
  private record Bound(SlotNumber slot, Instant to) {
    boolean matches(byte[] key) {
      return slotKey(key).filter(slot::equals).isPresent();
    }

    boolean isPast(ConsumerRecord<byte[], byte[]> r) {
      return r.timestamp() > to.toEpochMilli()
          && slotKey(r.key()).filter(s -> s.isAfter(slot)).isPresent();
    }
  }

  private static Optional<SlotNumber> slotKey(byte[] key) {
    try {
      return Optional.of(GossipKeys.slotOf(key));
    } catch (RuntimeException notASlot) {
      return Optional.empty();
    }
  }

  private <T> List<Published<T>> read(
      String topic, Instant from, Optional<Bound> bound, int max, Function<byte[], T> decode) {
    Consumer<byte[], byte[]> c = consumer();
    List<TopicPartition> partitions = new ArrayList<>();
    List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
    for (PartitionInfo p : infos == null ? List.<PartitionInfo>of() : infos) {
      partitions.add(new TopicPartition(topic, p.partition()));
    }
    if (partitions.isEmpty()) {
      return List.of();
    }
    Map<TopicPartition, Long> at = new HashMap<>();
    partitions.forEach(tp -> at.put(tp, from.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> starts = c.offsetsForTimes(at, timeout);
    Map<TopicPartition, Long> ends = c.endOffsets(partitions, timeout);
    Set<TopicPartition> open = new HashSet<>();
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp start = starts.get(tp);
      if (start != null && start.offset() < ends.getOrDefault(tp, 0L)) {
        open.add(tp);
      }
    }
    List<Published<T>> out = new ArrayList<>();
    if (open.isEmpty()) {
      return out;
    }
    c.assign(open);
    open.forEach(tp -> c.seek(tp, starts.get(tp).offset()));
    // Up to max from each partition, the earliest max of them all kept: one partition's records
    // must not crowd out an earlier one on another (a poll returns a partition's batch whole).
    Map<TopicPartition, Integer> taken = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!open.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "reading " + topic + " took longer than " + timeout.toMillis() + " ms");
      }
      for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (!open.contains(tp)) {
          continue;
        }
        if (r.offset() + 1 >= ends.get(tp)) {
          open.remove(tp);
        }
        if (bound.isPresent() && bound.get().isPast(r)) {
          open.remove(tp);
          continue;
        }
        if (r.value() == null
            || r.timestamp() < 0
            || (bound.isPresent() && !bound.get().matches(r.key()))) {
          continue;
        }
        try {
          out.add(new Published<>(decode.apply(r.value()), Instant.ofEpochMilli(r.timestamp())));
        } catch (RuntimeException undecodable) {
          // The live listeners dead-letter it; a catch-up only skips it.
          continue;
        }
        if (taken.merge(tp, 1, Integer::sum) >= max) {
          open.remove(tp);
        }
      }
      open.removeIf(tp -> c.position(tp, timeout) >= ends.get(tp));
    }
    c.assign(List.of());
    if (taken.size() > 1) {
      out.sort(
          Comparator.comparing((Published<T> p) -> p.publishedAt())); // stable: ties keep log order
    }
    return out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
  }

  private Consumer<byte[], byte[]> consumer() {
    if (consumer == null) {
      consumer = consumerFactory.get();
    }
    return consumer;
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.close();
      consumer = null;
    }
  }
}
