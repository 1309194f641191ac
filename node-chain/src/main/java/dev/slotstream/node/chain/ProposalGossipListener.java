package dev.slotstream.node.chain;

import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.ValidatorClient;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import dev.slotstream.gossip.GossipRecords;
import dev.slotstream.gossip.RejectReasons;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * An executing node's ears (a validator, or the keyless follower inside the L1 publisher):
 * block_proposal and checkpoint_proposal, each consumed in this node's own group (gossip is a
 * broadcast), handed to the {@link ValidatorClient}. A proposal the client's
 * receipt checks refuse is thrown back as an {@code InvalidGossipException} with the mapped reason,
 * so the gossip error handler logs, counts and dead-letters it without retrying; nothing invalid
 * reaches a job, and the consumer moves on to the next record.
 *
 * <p><b>Catch-up.</b> On partition assignment both listeners seek to the first record whose
 * timestamp is at or after the start of the current slot minus the clock tolerance. A node that
 * starts (or restarts) mid-slot therefore replays the slot's earlier proposals from the log and
 * executes them, instead of skipping the slot; it skips only if those records are gone (retention).
 * Before genesis nothing is sought. A rebalance also seeks back, which replays proposals the job
 * already holds: the job ignores exact duplicates.
 *
 * <p>Records replayed from before the assignment whose slot's receive window has already closed
 * (the tail of the previous slot that falls inside the tolerance) are not errors but history: they
 * are skipped silently and counted as {@code result=stale}, not dead-lettered one by one.
 */
public class ProposalGossipListener implements ConsumerSeekAware {
  public static final String BLOCK_LISTENER_ID = "slotstream-validator-block-proposal";
  public static final String CHECKPOINT_LISTENER_ID = "slotstream-validator-checkpoint-proposal";
  public static final String PROPOSALS = "slotstream.validator.proposals";
  public static final String CATCH_UP_SEEKS = "slotstream.validator.catchup.seeks";

  private static final Logger LOG = LoggerFactory.getLogger(ProposalGossipListener.class);

  private final ValidatorClient client;
  private final SlotClock slotClock;
  private final MeterRegistry registry;
  private final boolean catchUp;
  private final SlotTraces traces;

  /** Per partition: the instant of the last catch-up seek; older records are replays. */
  private final Map<TopicPartition, Instant> replayCutoff = new ConcurrentHashMap<>();

  public ProposalGossipListener(
      ValidatorClient client, SlotClock slotClock, MeterRegistry registry, boolean catchUp) {
    this(client, slotClock, registry, catchUp, new SlotTraces(ObservationRegistry.NOOP));
  }

  /**
   * @param traces told the trace each checkpoint proposal arrived in, for the attestations of its slot
   */
  public ProposalGossipListener(
      ValidatorClient client,
      SlotClock slotClock,
      MeterRegistry registry,
      boolean catchUp,
      SlotTraces traces) {
    this.client = client;
    this.slotClock = slotClock;
    this.registry = registry;
    this.catchUp = catchUp;
    this.traces = traces;
    for (String kind : new String[] {"block", "checkpoint"}) {
      for (String result : new String[] {"accepted", "rejected", "stale"}) {
        counter(kind, result);
      }
    }
  }

  @KafkaListener(
      id = BLOCK_LISTENER_ID,
      idIsGroup = false,
      topics = "#{@gossipTopics.blockProposal()}",
      containerFactory = GossipListenerContainerFactory.BLOCK_PROPOSAL)
  public void onBlockProposal(ConsumerRecord<byte[], BlockProposal> record) {
    BlockProposal proposal = record.value();
    SlotNumber slot = proposal.slotNumber();
    if (isStaleReplay(record, slot)) {
      stale("block", record, slot, proposal.index());
      return;
    }
    ValidationResult result = client.onBlockProposal(proposal, broadcastAt(record));
    if (!result.isValid()) {
      counter("block", "rejected").increment();
      throw RejectReasons.toException(result);
    }
    counter("block", "accepted").increment();
    LOG.debug(
        "block proposal accepted slot={} index={} id={}", slot, proposal.index(), proposal.id());
  }

  @KafkaListener(
      id = CHECKPOINT_LISTENER_ID,
      idIsGroup = false,
      topics = "#{@gossipTopics.checkpointProposal()}",
      containerFactory = GossipListenerContainerFactory.CHECKPOINT_PROPOSAL)
  public void onCheckpointProposal(ConsumerRecord<byte[], CheckpointProposal> record) {
    CheckpointProposal proposal = record.value();
    SlotNumber slot = proposal.slotNumber();
    int lastIndex = proposal.lastBlockIndex();
    if (isStaleReplay(record, slot)) {
      stale("checkpoint", record, slot, lastIndex);
      return;
    }
    // Before the job may sign: it runs on its own threads, and attests as soon as it can.
    traces.remember(slot);
    ValidationResult result = client.onCheckpointProposal(proposal, broadcastAt(record));
    if (!result.isValid()) {
      counter("checkpoint", "rejected").increment();
      throw RejectReasons.toException(result);
    }
    counter("checkpoint", "accepted").increment();
    LOG.info(
        "checkpoint proposal accepted slot={} lastIndex={} id={}", slot, lastIndex, proposal.id());
  }

  @Override
  public void onPartitionsAssigned(
      Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    if (!catchUp || assignments.isEmpty()) {
      return;
    }
    Instant now = slotClock.now();
    Optional<SlotNumber> current = slotClock.currentSlot();
    if (current.isEmpty()) {
      LOG.info("catch-up skipped before genesis partitions={}", assignments.keySet());
      return;
    }
    Timetable timetable = slotClock.timetable();
    Instant from = timetable.slotStart(current.get()).minus(timetable.config().clockTolerance());
    callback.seekToTimestamp(assignments.keySet(), from.toEpochMilli());
    assignments.keySet().forEach(tp -> replayCutoff.put(tp, now));
    Counter.builder(CATCH_UP_SEEKS)
        .description("Partition assignments sought back to the start of the current slot")
        .register(registry)
        .increment(assignments.size());
    LOG.info(
        "catch-up seek partitions={} slot={} fromTimestamp={} positionsBefore={}",
        assignments.keySet(),
        current.get(),
        from,
        assignments.values());
  }

  @Override
  public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
    partitions.forEach(replayCutoff::remove);
  }

  /** The producer's send time (CreateTime, the proposer's clock). */
  private static Optional<Instant> broadcastAt(ConsumerRecord<?, ?> record) {
    return GossipRecords.publishedAt(record);
  }

  private boolean isStaleReplay(ConsumerRecord<?, ?> record, SlotNumber slot) {
    Instant cutoff = replayCutoff.get(new TopicPartition(record.topic(), record.partition()));
    return cutoff != null
        && record.timestamp() < cutoff.toEpochMilli()
        && slotClock.timetable().receiveWindow(slot).isLate(slotClock.now());
  }

  private void stale(String kind, ConsumerRecord<?, ?> record, SlotNumber slot, int index) {
    counter(kind, "stale").increment();
    LOG.debug(
        "stale replayed {} proposal skipped slot={} index={} offset={}",
        kind,
        slot,
        index,
        record.offset());
  }

  private Counter counter(String kind, String result) {
    return Counter.builder(PROPOSALS)
        .description(
            "Proposals received: accepted (routed to the slot's job), rejected "
                + "(dead-lettered), stale (replayed from an older slot and skipped)")
        .tag("kind", kind)
        .tag("result", result)
        .register(registry);
  }
}
