package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.slotstream.gossip.DeadLetterPublisher.DeadLetterFailedException;
import dev.slotstream.gossip.DeadLetterPublisher.Failure;
import dev.slotstream.gossip.DeadLetterPublisher.Origin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.support.SendResult;

/** The byte budget of queued dead-letter copies and how send failures are classed. */
class DeadLetterPublisherTest {
  private static final String TOPIC = "unit.tx";
  private static final Origin ORIGIN = new Origin(TOPIC, 0, 7, RejectReason.DECODE);

  @Test
  @SuppressWarnings("unchecked")
  void shouldRefuseCopiesBeyondTheBudgetWhileTheDeadLetterTopicIsNotAcknowledging()
      throws Exception {
    KafkaOperations<byte[], Object> stalled = mock(KafkaOperations.class);
    when(stalled.send(any(ProducerRecord.class))).thenReturn(new CompletableFuture<>());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DeadLetterPublisher publisher = new DeadLetterPublisher(stalled, registry, 1000)) {
      // A lone copy larger than the whole budget still goes: nothing else is queued.
      CompletableFuture<SendResult<byte[], Object>> first =
          publisher.publish(record(), 1500, ORIGIN);
      CompletableFuture<SendResult<byte[], Object>> second =
          publisher.publish(record(), 10, ORIGIN);

      assertThat(first).isNotDone();
      assertThat(second).isCompletedExceptionally();
      assertThat(failure(second)).isEqualTo(Failure.BACKLOG);
      assertThat(publisher.failedCount(TOPIC, Failure.BACKLOG)).isEqualTo(1);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldFreeTheBudgetWhenACopyFailsAndCountItsCause() throws Exception {
    KafkaOperations<byte[], Object> refusing = mock(KafkaOperations.class);
    when(refusing.send(any(ProducerRecord.class)))
        .thenReturn(
            CompletableFuture.failedFuture(
                new KafkaProducerException(
                    record(), "send failed", new RecordTooLargeException("big"))));
    try (DeadLetterPublisher publisher =
        new DeadLetterPublisher(refusing, new SimpleMeterRegistry(), 1000)) {
      for (int i = 0; i < 3; i++) {
        CompletableFuture<SendResult<byte[], Object>> copy =
            publisher.publish(record(), 900, ORIGIN);
        await().until(copy::isDone);
        assertThat(failure(copy)).isEqualTo(Failure.TOO_LARGE);
      }
      assertThat(publisher.failedCount(TOPIC, Failure.TOO_LARGE)).isEqualTo(3);
      assertThat(publisher.failedCount(TOPIC, Failure.BACKLOG)).isZero();
    }
  }

  @Test
  void shouldClassTimeoutsAndOtherFailures() {
    assertThat(
            Failure.of(new KafkaProducerException(record(), "x", new TimeoutException("expired"))))
        .isEqualTo(Failure.TIMEOUT);
    assertThat(Failure.of(new IllegalStateException("closed"))).isEqualTo(Failure.ERROR);
  }

  private static ProducerRecord<byte[], Object> record() {
    return new ProducerRecord<>(TOPIC + ".DLT", new byte[] {1});
  }

  private static Failure failure(CompletableFuture<?> copy) {
    try {
      copy.join();
      throw new AssertionError("the copy was published");
    } catch (CompletionException e) {
      return ((DeadLetterFailedException) e.getCause()).failure();
    }
  }
}
