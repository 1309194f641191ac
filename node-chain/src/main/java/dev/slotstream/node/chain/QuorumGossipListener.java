package dev.slotstream.node.chain;

import dev.slotstream.core.chain.CheckpointFinalizer;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import dev.slotstream.gossip.GossipRecords;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReasons;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * Feeds every quorum event of the gossip to the node's {@link CheckpointFinalizer}. A quorum the
 * finalizer refuses throws {@link InvalidGossipException}, so it is dead-lettered with its reason
 * and changes nothing.
 *
 * <p>A quorum's window is judged at the instant it was published (the record's timestamp), not
 * when this node reads it (PROTOCOL.md §11.3): every node then judges the same instant, so a node
 * whose consumer is behind does not refuse a quorum that the attestation service and every other
 * node count final.
 *
 * <p>On partition assignment the consumer seeks to the first quorum that could extend this node's
 * tip: the first record at or after the start of the slot after the tip's, less the clock
 * tolerance. Where it would otherwise start (the group's committed offset, or the log's end for a
 * new group) a quorum can be missing: at a network's start the four validators' quorum consumers
 * joined their groups seconds after the first quorum was published, two of them started at the
 * log's end, never committed that slot, and waited for its archive at every later slot; with two of
 * four waiting no later quorum formed to show them behind, and the network stopped
 * (docs/BENCHMARKS.md, "Run 15"). Quorums of checkpoints already final here read again as {@code
 * ALREADY_COMMITTED}.
 */
public class QuorumGossipListener implements ConsumerSeekAware {
  private static final Logger LOG = LoggerFactory.getLogger(QuorumGossipListener.class);

  private final CheckpointFinalizer finalizer;
  private final ObjectProvider<QuorumHandler> handlers;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Timetable timetable;

  public QuorumGossipListener(
      CheckpointFinalizer finalizer,
      ObjectProvider<QuorumHandler> handlers,
      MeterRegistry registry,
      Clock clock,
      Timetable timetable) {
    this.finalizer = finalizer;
    this.timetable = timetable;
    this.handlers = handlers;
    this.registry = registry;
    this.clock = clock;
  }

  @KafkaListener(
      id = "slotstream-quorum",
      idIsGroup = false, // group = this node's id: every node must see every quorum event
      topics = "#{@gossipTopics.checkpointQuorum()}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_QUORUM)
  public void onQuorum(ConsumerRecord<byte[], CheckpointQuorum> record) {
    CheckpointQuorum quorum = record.value();
    CheckpointFinalizer.Outcome outcome = finalizer.onQuorum(quorum, publishedAt(record));
    if (!outcome.validation().isValid()) {
      registry.counter("slotstream.chain.quorum.events", "outcome", "REFUSED").increment();
      throw RejectReasons.toException(outcome.validation());
    }
    var commit = outcome.commit().orElseThrow();
    registry.counter("slotstream.chain.quorum.events", "outcome", commit.name()).increment();
    handlers.orderedStream().forEach(h -> h.onQuorum(quorum, commit));
  }

  @Override
  public void onPartitionsAssigned(
      Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    if (assignments.isEmpty()) {
      return;
    }
    Optional<SlotNumber> tipSlot = finalizer.chain().tip().slot();
    Instant from = timetable.firstQuorumAfter(tipSlot);
    callback.seekToTimestamp(assignments.keySet(), from.toEpochMilli());
    LOG.info(
        "quorum seek partitions={} fromTimestamp={} (after the tip's slot {}) positionsBefore={}",
        assignments.keySet(),
        from,
        tipSlot.map(SlotNumber::toString).orElse("genesis"),
        assignments.values());
  }

  /** The record's timestamp; this node's clock for a record that has none (Kafka gives -1). */
  private Instant publishedAt(ConsumerRecord<?, ?> record) {
    return GossipRecords.publishedAt(record).orElseGet(clock::instant);
  }
}
