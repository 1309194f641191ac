package dev.slotstream.node.chain;

import dev.slotstream.core.chain.CheckpointFinalizer;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import dev.slotstream.gossip.GossipRecords;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReasons;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Feeds every quorum event of the gossip to the node's {@link CheckpointFinalizer}. A quorum the
 * finalizer refuses throws {@link InvalidGossipException}, so it is dead-lettered with its reason
 * and changes nothing.
 *
 * <p>A quorum's window is judged at the instant it was published (the record's timestamp), not
 * when this node reads it (PROTOCOL.md §11.3): every node then judges the same instant, so a node
 * whose consumer is behind does not refuse a quorum that the attestation service and every other
 * node count final.
 */
public class QuorumGossipListener {
  private final CheckpointFinalizer finalizer;
  private final ObjectProvider<QuorumHandler> handlers;
  private final MeterRegistry registry;
  private final Clock clock;

  public QuorumGossipListener(
      CheckpointFinalizer finalizer,
      ObjectProvider<QuorumHandler> handlers,
      MeterRegistry registry,
      Clock clock) {
    this.finalizer = finalizer;
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

  /** The record's timestamp; this node's clock for a record that has none (Kafka gives -1). */
  private Instant publishedAt(ConsumerRecord<?, ?> record) {
    return GossipRecords.publishedAt(record).orElseGet(clock::instant);
  }
}
