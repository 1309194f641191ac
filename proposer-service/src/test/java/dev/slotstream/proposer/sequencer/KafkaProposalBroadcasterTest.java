package dev.slotstream.proposer.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.gossip.GossipTopics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * The job hands a block over and goes on building while the broker acknowledges it; sends stay one
 * at a time and in order, and a failed block fails its slot's checkpoint.
 */
class KafkaProposalBroadcasterTest {
  private static final MbpsHarness SLOT_10 = proposed(MbpsHarness.SLOT);
  private static final MbpsHarness SLOT_11 = proposed(MbpsHarness.SLOT.next());

  /** Each send the template got, with the future the test completes as the broker's ack. */
  private record Send(
      ProducerRecord<byte[], Object> record, CompletableFuture<SendResult<byte[], Object>> ack) {}

  private final List<Send> sends = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final KafkaProposalBroadcaster broadcaster =
      new KafkaProposalBroadcaster(
          new GossipPublisher(template(), new GossipTopics("test", "dlt"), "proposer-0"),
          Retry.of("test", RetryConfig.custom().maxAttempts(1).build()),
          Duration.ofSeconds(5),
          registry);

  private static MbpsHarness proposed(SlotNumber slot) {
    MbpsHarness h = new MbpsHarness(slot);
    h.proposeSlot(slot, 1, true);
    return h;
  }

  @SuppressWarnings("unchecked")
  private KafkaOperations<byte[], Object> template() {
    KafkaOperations<byte[], Object> template = mock(KafkaOperations.class);
    when(template.send(any(ProducerRecord.class)))
        .thenAnswer(
            call -> {
              CompletableFuture<SendResult<byte[], Object>> ack = new CompletableFuture<>();
              sends.add(new Send(call.getArgument(0), ack));
              return ack;
            });
    return template;
  }

  @AfterEach
  void close() {
    broadcaster.close();
  }

  @Test
  void shouldReturnBeforeABlocksAckAndSendTheNextOnlyAfterIt() {
    List<BlockProposal> blocks = SLOT_10.blocksOf(MbpsHarness.SLOT);
    CheckpointProposal checkpoint = SLOT_10.checkpointOf(MbpsHarness.SLOT);
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);

    // Neither call waits for an ack.
    broadcaster.broadcastBlock(blocks.get(0));
    broadcaster.broadcastBlock(blocks.get(1));
    await().until(() -> sends.size() == 1);
    CompletableFuture<Void> checkpointSent =
        CompletableFuture.runAsync(() -> broadcaster.broadcastCheckpoint(checkpoint));

    // The second block goes out only once the first is acknowledged, the checkpoint after both,
    // and the checkpoint broadcast returns only once it is acknowledged itself.
    assertThat(sends).hasSize(1);
    sends.get(0).ack().complete(null);
    await().until(() -> sends.size() == 2);
    assertThat(sends.get(1).record().value()).isEqualTo(blocks.get(1).encode());
    sends.get(1).ack().complete(null);
    await().until(() -> sends.size() == 3);
    assertThat(sends.get(2).record().value()).isEqualTo(checkpoint.encode());
    assertThat(checkpointSent).isNotDone();
    sends.get(2).ack().complete(null);
    await().until(checkpointSent::isDone);
    assertThat(checkpointSent).isCompleted();
  }

  @Test
  void aBlockNotAcknowledgedShouldStopItsSlotAndFailItsCheckpointButNotTheNextSlot() {
    List<BlockProposal> blocks = SLOT_10.blocksOf(MbpsHarness.SLOT);
    broadcaster.broadcastBlock(blocks.get(0));
    broadcaster.broadcastBlock(blocks.get(1));
    await().until(() -> sends.size() == 1);
    sends.get(0).ack().completeExceptionally(new IllegalStateException("broker unavailable"));

    // The slot's later proposals are not sent; its checkpoint broadcast throws.
    assertThatThrownBy(
            () -> broadcaster.broadcastCheckpoint(SLOT_10.checkpointOf(MbpsHarness.SLOT)))
        .isInstanceOf(KafkaProposalBroadcaster.BroadcastFailedException.class)
        .hasMessageContaining("slot " + MbpsHarness.SLOT.value());
    assertThat(sends).hasSize(1);
    assertThat(
            registry
                .get("slotstream.proposer.broadcast.failures")
                .tag("kind", "block")
                .counter()
                .count())
        .isEqualTo(1.0);

    // The next slot's proposals are sent as usual.
    SlotNumber next = MbpsHarness.SLOT.next();
    broadcaster.broadcastBlock(SLOT_11.blocksOf(next).get(0));
    await().until(() -> sends.size() == 2);
    assertThat(sends.get(1).record().value()).isEqualTo(SLOT_11.blocksOf(next).get(0).encode());
  }
}
