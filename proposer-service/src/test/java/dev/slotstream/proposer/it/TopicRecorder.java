package dev.slotstream.proposer.it;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the gossip topics from their beginning as raw bytes, the way any peer would, and decodes
 * them with the canonical codec. Not thread-safe: poll from the test thread (inside Awaitility).
 */
final class TopicRecorder implements AutoCloseable {
  /** One record as read: its partition offset, key, broker timestamp and decoded value. */
  record Received<T>(long offset, SlotNumber keySlot, long timestamp, T value) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final GossipTopics topics;
  final List<Received<Tx>> txs = new ArrayList<>();
  final List<Received<BlockProposal>> blocks = new ArrayList<>();
  final List<Received<CheckpointProposal>> checkpoints = new ArrayList<>();

  /** The W3C {@code traceparent} header of each block proposal record, by offset. */
  final Map<Long, String> blockTraceparents = new java.util.HashMap<>();

  TopicRecorder(String networkPrefix) {
    this.topics = new GossipTopics(networkPrefix, ".DLT");
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                GossipTestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "recorder-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        List.of(
            new TopicPartition(topics.name(GossipTopic.TX), 0),
            new TopicPartition(topics.name(GossipTopic.BLOCK_PROPOSAL), 0),
            new TopicPartition(topics.name(GossipTopic.CHECKPOINT_PROPOSAL), 0));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Fetches what arrived since the last poll; decoding failures fail the test. */
  TopicRecorder poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      if (r.topic().equals(topics.tx())) {
        txs.add(new Received<>(r.offset(), null, r.timestamp(), Tx.decode(r.value())));
      } else if (r.topic().equals(topics.blockProposal())) {
        var traceparent = r.headers().lastHeader("traceparent");
        if (traceparent != null) {
          blockTraceparents.put(
              r.offset(), new String(traceparent.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        blocks.add(
            new Received<>(
                r.offset(),
                GossipKeys.slotOf(r.key()),
                r.timestamp(),
                BlockProposal.decode(r.value())));
      } else if (r.topic().equals(topics.checkpointProposal())) {
        checkpoints.add(
            new Received<>(
                r.offset(),
                GossipKeys.slotOf(r.key()),
                r.timestamp(),
                CheckpointProposal.decode(r.value())));
      }
    }
    return this;
  }

  /** True once everything on the topics when called has been read (poll until it is). */
  boolean caughtUp() {
    poll();
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  List<Received<BlockProposal>> blocksOf(SlotNumber slot) {
    return blocks.stream().filter(b -> b.value().slotNumber().equals(slot)).toList();
  }

  List<Received<CheckpointProposal>> checkpointsOf(SlotNumber slot) {
    return checkpoints.stream().filter(c -> c.value().slotNumber().equals(slot)).toList();
  }

  /** Every block proposal seen: on its own topic and as the last block of a checkpoint. */
  List<BlockProposal> allBlockProposals() {
    List<BlockProposal> all = new ArrayList<>();
    blocks.forEach(b -> all.add(b.value()));
    checkpoints.forEach(c -> all.add(c.value().lastBlock()));
    return all;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(1));
  }
}
