package dev.slotstream.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.CheckpointFinalizer;
import dev.slotstream.core.chain.TestChain;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.kafka.listener.ConsumerSeekAware;

/** A quorum's window is judged at its record's timestamp, not at the instant this node reads it. */
class QuorumGossipListenerTest {
  private static final SlotNumber SLOT = SlotNumber.of(3);
  private static final Timetable TIMETABLE = TestChain.NETWORK.context().timetable();

  private final TestChain testChain = new TestChain();
  private final ChainStore chain = testChain.chain();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestChain.Built built = testChain.build(SLOT.value(), 0);
  private final CheckpointQuorum quorum =
      TestChain.NETWORK.certify(built.checkpoint().payload()).quorum();

  /** A node whose clock reads {@code now}: it reads the record then. */
  private QuorumGossipListener listenerReadingAt(Instant now) {
    chain.offer(built.checkpoint(), built.fork());
    return new QuorumGossipListener(
        new CheckpointFinalizer(
            new QuorumValidator(TestChain.NETWORK.context()),
            chain,
            new TxPool(TxPoolConfig.of(100))),
        new StaticListableBeanFactory().getBeanProvider(QuorumHandler.class),
        registry,
        Clock.fixed(now, ZoneOffset.UTC),
        TIMETABLE);
  }

  private static ConsumerRecord<byte[], CheckpointQuorum> record(
      CheckpointQuorum quorum, long timestamp, TimestampType type) {
    return new ConsumerRecord<>(
        "checkpoint_quorum",
        0,
        7L,
        timestamp,
        type,
        0,
        0,
        new byte[0],
        quorum,
        new RecordHeaders(),
        Optional.empty());
  }

  @Test
  void onAssignmentTheConsumerSeeksToTheFirstQuorumThatCouldExtendTheTip() {
    Instant published = TIMETABLE.slotStart(SLOT).plusSeconds(5);
    QuorumGossipListener listener = listenerReadingAt(published);
    TopicPartition partition = new TopicPartition("checkpoint_quorum", 0);
    ConsumerSeekAware.ConsumerSeekCallback callback =
        mock(ConsumerSeekAware.ConsumerSeekCallback.class);
    Duration tolerance = TIMETABLE.config().clockTolerance();

    // At genesis every quorum of the log could extend the tip.
    listener.onPartitionsAssigned(Map.of(partition, 9L), callback);
    verify(callback)
        .seekToTimestamp(
            Set.of(partition),
            TIMETABLE.slotStart(SlotNumber.of(0)).minus(tolerance).toEpochMilli());

    // Slot 3 final here: from slot 4's start on, wherever the group's offset was.
    listener.onQuorum(record(quorum, published.toEpochMilli(), TimestampType.CREATE_TIME));
    listener.onPartitionsAssigned(Map.of(partition, 1L), callback);
    verify(callback)
        .seekToTimestamp(
            Set.of(partition), TIMETABLE.slotStart(SLOT.next()).minus(tolerance).toEpochMilli());

    // A quorum of the tip read again changes nothing.
    listener.onQuorum(record(quorum, published.toEpochMilli(), TimestampType.CREATE_TIME));
    assertThat(
            registry
                .counter("slotstream.chain.quorum.events", "outcome", "ALREADY_COMMITTED")
                .count())
        .isEqualTo(1);
  }

  @Test
  void aQuorumPublishedInItsSlotCommitsWhenReadAfterItsWindow() {
    Instant published = TIMETABLE.slotStart(SLOT).plusSeconds(5);
    Instant readLate = TIMETABLE.quorumWindow(SLOT).closesAt().plusSeconds(3);
    QuorumGossipListener listener = listenerReadingAt(readLate);

    listener.onQuorum(record(quorum, published.toEpochMilli(), TimestampType.CREATE_TIME));

    assertThat(chain.tip().archiveRoot()).isEqualTo(built.checkpoint().archiveRoot());
    assertThat(registry.counter("slotstream.chain.quorum.events", "outcome", "COMMITTED").count())
        .isEqualTo(1);
  }

  @Test
  void aQuorumPublishedAfterItsWindowIsRefusedEvenWhenReadInIt() {
    Instant publishedLate = TIMETABLE.quorumWindow(SLOT).closesAt().plusMillis(1);
    QuorumGossipListener listener = listenerReadingAt(TIMETABLE.slotStart(SLOT).plusSeconds(5));

    assertThatThrownBy(
            () ->
                listener.onQuorum(
                    record(quorum, publishedLate.toEpochMilli(), TimestampType.CREATE_TIME)))
        .isInstanceOfSatisfying(
            InvalidGossipException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.OUT_OF_WINDOW));
    assertThat(chain.tip().slot()).isEmpty();
    assertThat(registry.counter("slotstream.chain.quorum.events", "outcome", "REFUSED").count())
        .isEqualTo(1);
  }

  @Test
  void aRecordWithoutTimestampIsJudgedWhenThisNodeReadsIt() {
    QuorumGossipListener late =
        listenerReadingAt(TIMETABLE.quorumWindow(SLOT).closesAt().plusSeconds(3));

    assertThatThrownBy(
            () ->
                late.onQuorum(
                    record(quorum, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE)))
        .isInstanceOf(InvalidGossipException.class);
    assertThat(chain.tip().slot()).isEmpty();
  }
}
