package dev.slotstream.gossip;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes gossip. Values are the canonical encodings; keys keep order where it matters (see {@link
 * GossipKeys}). Every record carries {@link GossipHeaders#ORIGIN_NODE}. The returned future completes
 * when the broker acknowledged the record (acks=all, idempotent producer, so a retried send neither
 * duplicates nor reorders a key's records).
 *
 * <p>Txs go through a template of their own ({@code txTemplate}), so the consensus messages never
 * share a producer with them; see {@link GossipAutoConfiguration#gossipTxProducerFactory}.
 */
public class GossipPublisher {
  private final KafkaOperations<byte[], Object> template;
  private final KafkaOperations<byte[], Object> txTemplate;
  private final GossipTopics topics;
  private final byte[] originNode;

  /** Every topic through {@code template}. */
  public GossipPublisher(
      KafkaOperations<byte[], Object> template, GossipTopics topics, String nodeId) {
    this(template, template, topics, nodeId);
  }

  public GossipPublisher(
      KafkaOperations<byte[], Object> template,
      KafkaOperations<byte[], Object> txTemplate,
      GossipTopics topics,
      String nodeId) {
    this.template = Objects.requireNonNull(template, "template");
    this.txTemplate = Objects.requireNonNull(txTemplate, "txTemplate");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.originNode = nodeId.getBytes(StandardCharsets.UTF_8);
  }

  /** Keyed by sender, so one sender's txs stay in nonce order. */
  public CompletableFuture<SendResult<byte[], Object>> publishTx(Tx tx) {
    return send(GossipTopic.TX, GossipKeys.sender(tx.payload().sender()), tx.encode());
  }

  /** Keyed by slot, so a slot's blocks arrive in the order they were published. */
  public CompletableFuture<SendResult<byte[], Object>> publishBlockProposal(
      BlockProposal proposal) {
    return send(
        GossipTopic.BLOCK_PROPOSAL, GossipKeys.slot(proposal.slotNumber()), proposal.encode());
  }

  public CompletableFuture<SendResult<byte[], Object>> publishCheckpointProposal(
      CheckpointProposal proposal) {
    return send(
        GossipTopic.CHECKPOINT_PROPOSAL, GossipKeys.slot(proposal.slotNumber()), proposal.encode());
  }

  public CompletableFuture<SendResult<byte[], Object>> publishAttestation(
      CheckpointAttestation attestation) {
    return send(
        GossipTopic.CHECKPOINT_ATTESTATION,
        GossipKeys.slot(attestation.slotNumber()),
        attestation.encode());
  }

  /**
   * With the record timestamp set to {@code publishedAt}: every node judges a quorum's window at
   * that instant (PROTOCOL.md §11.3), so it must be the instant the publisher checked the window at,
   * not whenever the producer gets to the send.
   */
  public CompletableFuture<SendResult<byte[], Object>> publishQuorum(
      CheckpointQuorum quorum, Instant publishedAt) {
    return send(
        GossipTopic.CHECKPOINT_QUORUM,
        GossipKeys.slot(quorum.slotNumber()),
        quorum.encode(),
        publishedAt.toEpochMilli());
  }

  private CompletableFuture<SendResult<byte[], Object>> send(
      GossipTopic topic, byte[] key, byte[] value) {
    return send(topic, key, value, null);
  }

  private CompletableFuture<SendResult<byte[], Object>> send(
      GossipTopic topic, byte[] key, byte[] value, Long timestamp) {
    ProducerRecord<byte[], Object> record =
        new ProducerRecord<>(topics.name(topic), null, timestamp, key, value);
    record.headers().add(GossipHeaders.ORIGIN_NODE, originNode);
    return (topic == GossipTopic.TX ? txTemplate : template).send(record);
  }
}
