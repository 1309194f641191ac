package dev.slotstream.gossip;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.Bytes32;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Listeners as a service would write them, recording what they receive. */
public class RecordingListeners {
  final List<ConsumerRecord<byte[], Tx>> txs = new CopyOnWriteArrayList<>();
  final List<ConsumerRecord<byte[], BlockProposal>> blocks = new CopyOnWriteArrayList<>();
  final List<ConsumerRecord<byte[], CheckpointProposal>> checkpoints = new CopyOnWriteArrayList<>();
  final List<ConsumerRecord<byte[], CheckpointAttestation>> attestations =
      new CopyOnWriteArrayList<>();
  final List<ConsumerRecord<byte[], CheckpointQuorum>> quorums = new CopyOnWriteArrayList<>();
  final List<ConsumerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();

  /** Block proposals with these ids are rejected as a validator would: by throwing. */
  final Set<Bytes32> rejectBlockIds = ConcurrentHashMap.newKeySet();

  /** Block proposals with these ids make the listener fail as a bug would; attempts are counted. */
  final Set<Bytes32> failBlockIds = ConcurrentHashMap.newKeySet();

  final Map<Bytes32, Integer> failedAttempts = new ConcurrentHashMap<>();

  @KafkaListener(
      topics = "#{@gossipTopics.tx()}",
      containerFactory = GossipListenerContainerFactory.TX)
  void onTx(ConsumerRecord<byte[], Tx> record) {
    txs.add(record);
  }

  @KafkaListener(
      topics = "#{@gossipTopics.blockProposal()}",
      containerFactory = GossipListenerContainerFactory.BLOCK_PROPOSAL)
  void onBlock(ConsumerRecord<byte[], BlockProposal> record) {
    if (failBlockIds.contains(record.value().id())) {
      failedAttempts.merge(record.value().id(), 1, Integer::sum);
      throw new IllegalStateException("test: listener bug");
    }
    if (rejectBlockIds.contains(record.value().id())) {
      throw new InvalidGossipException(
          RejectReason.WRONG_PROPOSER, "test: not the slot's proposer");
    }
    blocks.add(record);
  }

  @KafkaListener(
      topics = "#{@gossipTopics.checkpointProposal()}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_PROPOSAL)
  void onCheckpoint(ConsumerRecord<byte[], CheckpointProposal> record) {
    checkpoints.add(record);
  }

  @KafkaListener(
      topics = "#{@gossipTopics.checkpointAttestation()}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_ATTESTATION)
  void onAttestation(ConsumerRecord<byte[], CheckpointAttestation> record) {
    attestations.add(record);
  }

  @KafkaListener(
      topics = "#{@gossipTopics.checkpointQuorum()}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_QUORUM)
  void onQuorum(ConsumerRecord<byte[], CheckpointQuorum> record) {
    quorums.add(record);
  }

  @KafkaListener(
      topics = "#{@gossipTopics.allDeadLetters()}",
      groupId = "${slotstream.gossip.node-id}-dlt-monitor",
      containerFactory = GossipListenerContainerFactory.BYTES)
  void onDeadLetter(ConsumerRecord<byte[], byte[]> record) {
    deadLetters.add(record);
  }
}
