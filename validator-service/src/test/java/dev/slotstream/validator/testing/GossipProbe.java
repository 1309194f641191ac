package dev.slotstream.validator.testing;

import static org.awaitility.Awaitility.await;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipHeaders;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The test's side of the gossip network: a raw producer that publishes canonical encodings (or
 * garbage) with the record timestamp the proposer's clock would have given them, and readers that
 * see a topic from its beginning. Plain Kafka clients against the shared in-process broker.
 */
public final class GossipProbe implements AutoCloseable {
  private final GossipTopics topics;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Map<String, TopicReader> readers = new HashMap<>();

  public GossipProbe(String networkPrefix) {
    this.topics = new GossipTopics(networkPrefix, ".DLT");
    Map<String, Object> config = new HashMap<>();
    config.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, GossipTestInfrastructure.kafkaBootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  public GossipTopics topics() {
    return topics;
  }

  /** Declares every gossip topic and DLT of the prefix up front (a node started later finds them). */
  public GossipProbe createTopics() {
    return createTopics(1);
  }

  /** As {@link #createTopics()}, each topic with {@code partitions} partitions. */
  public GossipProbe createTopics(int partitions) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                GossipTestInfrastructure.kafkaBootstrapServers()))) {
      List<NewTopic> all = new ArrayList<>();
      for (GossipTopic t : GossipTopic.values()) {
        all.add(new NewTopic(topics.name(t), partitions, (short) 1));
        all.add(new NewTopic(topics.deadLetter(t), partitions, (short) 1));
      }
      for (var entry : admin.createTopics(all).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create " + entry.getKey(), e.getCause());
          }
        }
      }
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  /** What retention does to old segments: records of {@code topic} before {@code offset} are gone. */
  public void deleteRecordsBefore(GossipTopic topic, long offset) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                GossipTestInfrastructure.kafkaBootstrapServers()))) {
      admin
          .deleteRecords(
              Map.of(
                  new TopicPartition(topics.name(topic), 0), RecordsToDelete.beforeOffset(offset)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot delete records of " + topic, e);
    }
  }

  public void publish(BlockProposal block, Instant broadcastAt) {
    send(
        topics.name(GossipTopic.BLOCK_PROPOSAL),
        GossipKeys.slot(block.slotNumber()),
        block.encode(),
        broadcastAt);
  }

  public void publish(CheckpointProposal checkpoint, Instant broadcastAt) {
    publish(checkpoint, broadcastAt, Optional.empty());
  }

  /** A tx on the tx topic, keyed by its sender as every node publishes it. */
  public void publish(Tx tx, Instant at) {
    send(topics.tx(), GossipKeys.sender(tx.payload().sender()), tx.encode(), at);
  }

  /**
   * Slot {@code slot} as {@code h}'s proposer broadcast it: each block at its broadcast instant,
   * then the checkpoint at its deadline, with {@code node}'s clock moved to each instant first.
   */
  public void publishSlot(NodeUnderTest node, MbpsHarness h, SlotNumber slot) {
    List<BlockProposal> blocks = h.blocksOf(slot);
    List<Instant> times = h.blockBroadcastTimes;
    int first = times.size() - blocks.size();
    for (int i = 0; i < blocks.size(); i++) {
      node.advanceTo(times.get(first + i));
      publish(blocks.get(i), times.get(first + i));
    }
    Instant at = h.context.timetable().checkpointProposalDeadline(slot);
    node.advanceTo(at);
    publish(h.checkpointOf(slot), at);
  }

  /** As a traced proposer sends it: with a W3C {@code traceparent} header. */
  public void publish(
      CheckpointProposal checkpoint, Instant broadcastAt, Optional<String> traceparent) {
    send(
        topics.name(GossipTopic.CHECKPOINT_PROPOSAL),
        GossipKeys.slot(checkpoint.slotNumber()),
        checkpoint.encode(),
        broadcastAt,
        traceparent);
  }

  /** Any bytes, e.g. a malformed record, on a gossip topic. */
  public void publishRaw(GossipTopic topic, byte[] key, byte[] value, Instant at) {
    send(topics.name(topic), key, value, at);
  }

  /** Any bytes on one partition of a gossip topic, whatever partition the key would pick. */
  public void publishTo(GossipTopic topic, int partition, byte[] key, byte[] value, Instant at) {
    send(topics.name(topic), Optional.of(partition), key, value, at, Optional.empty());
  }

  private void send(String topic, byte[] key, byte[] value, Instant timestamp) {
    send(topic, key, value, timestamp, Optional.empty());
  }

  private void send(
      String topic, byte[] key, byte[] value, Instant timestamp, Optional<String> traceparent) {
    send(topic, Optional.empty(), key, value, timestamp, traceparent);
  }

  private void send(
      String topic,
      Optional<Integer> partition,
      byte[] key,
      byte[] value,
      Instant timestamp,
      Optional<String> traceparent) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, partition.orElse(null), timestamp.toEpochMilli(), key, value);
    record
        .headers()
        .add(GossipHeaders.ORIGIN_NODE, "test-proposer".getBytes(StandardCharsets.UTF_8));
    traceparent.ifPresent(
        t -> record.headers().add("traceparent", t.getBytes(StandardCharsets.UTF_8)));
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("publish to " + topic + " failed", e);
    }
  }

  /** Everything on {@code topic} so far, from its beginning. */
  public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    return readers.computeIfAbsent(topic, TopicReader::new).read();
  }

  public List<ConsumerRecord<byte[], byte[]>> deadLetters(GossipTopic topic) {
    return records(topics.deadLetter(topic));
  }

  /** The attestations published for {@code slot}, decoded. */
  public List<CheckpointAttestation> attestations(SlotNumber slot) {
    return records(topics.name(GossipTopic.CHECKPOINT_ATTESTATION)).stream()
        .map(r -> CheckpointAttestation.decode(r.value()))
        .filter(a -> a.slotNumber().equals(slot))
        .toList();
  }

  /** The attestation records published for {@code slot}, with their headers. */
  public List<ConsumerRecord<byte[], byte[]>> attestationRecords(SlotNumber slot) {
    return records(topics.name(GossipTopic.CHECKPOINT_ATTESTATION)).stream()
        .filter(r -> CheckpointAttestation.decode(r.value()).slotNumber().equals(slot))
        .toList();
  }

  /**
   * The attestations published for {@code refused}, read only after {@code n} attestations for the
   * {@code later} slot have been read (waiting up to {@code timeout} for them). Publication is
   * asynchronous, so an empty read right after a refusal proves nothing; but the attestation topic
   * has one partition, read here in offset order, so once the later slot's attestations have been
   * read, every record the node published before them has been read too.
   */
  public List<CheckpointAttestation> attestationsBefore(
      SlotNumber refused, SlotNumber later, int n, Duration timeout) {
    await().atMost(timeout).until(() -> attestations(later).size() >= n);
    return attestations(refused);
  }

  /** The dead-letter records of {@code topic} whose key is {@code key}. */
  public List<ConsumerRecord<byte[], byte[]>> deadLetters(GossipTopic topic, byte[] key) {
    return deadLetters(topic).stream().filter(r -> Arrays.equals(r.key(), key)).toList();
  }

  public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null
        ? Optional.empty()
        : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    readers.values().forEach(TopicReader::close);
  }

  /** One topic (partition 0) read from the beginning; what was read is kept. */
  private static final class TopicReader {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

    TopicReader(String topic) {
      Map<String, Object> config = new HashMap<>();
      config.put(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
          GossipTestInfrastructure.kafkaBootstrapServers());
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      consumer =
          new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
    }

    synchronized List<ConsumerRecord<byte[], byte[]>> read() {
      consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
      return List.copyOf(seen);
    }

    synchronized void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
