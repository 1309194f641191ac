package dev.slotstream.gossip;

import dev.slotstream.core.duty.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes dead-letter copies off the consumer thread. {@link #publish} only queues: the send runs
 * on one thread of its own (a {@code KafkaProducer.send} can block on metadata or a full buffer), so
 * a rejection costs the consumer microseconds whatever the dead-letter topic does. A copy that
 * cannot be published (too large for the topic, timed out, or over the byte budget of queued
 * copies) is counted in {@value #FAILED_METRIC}{topic, cause} and logged once; it is never retried,
 * and the rejected record stays consumed.
 */
public final class DeadLetterPublisher implements AutoCloseable {
  public static final String FAILED_METRIC = "slotstream.gossip.dead_letter.failed";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

  /** Why a dead-letter copy was not published: the {@code cause} tag of {@value #FAILED_METRIC}. */
  public enum Failure {
    /** The dead-letter topic or the producer refused the record's size. */
    TOO_LARGE,
    /** Not acknowledged within the dead-letter producer's delivery timeout. */
    TIMEOUT,
    /** More copies queued than the byte budget allows (the dead-letter topic is not keeping up). */
    BACKLOG,
    /** Any other send failure. */
    ERROR;

    static Failure of(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
          return TOO_LARGE;
        }
        if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
          return TIMEOUT;
        }
      }
      return ERROR;
    }
  }

  /** The rejected record a copy is of, for the failure's log line. */
  public record Origin(String topic, int partition, long offset, RejectReason reason) {}

  private final KafkaOperations<byte[], Object> template;
  private final MeterRegistry meterRegistry;
  private final long backlogBytes;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final ExecutorService sender;

  public DeadLetterPublisher(
      KafkaOperations<byte[], Object> template, MeterRegistry meterRegistry, long backlogBytes) {
    this.template = template;
    this.meterRegistry = meterRegistry;
    this.backlogBytes = backlogBytes;
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.named("gossip-dead-letter"));
  }

  /**
   * Queues a copy of about {@code sizeBytes}; the future completes when the broker acknowledged it,
   * or exceptionally once the failure has been counted and logged.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // whenComplete only releases the byte budget
  public CompletableFuture<SendResult<byte[], Object>> publish(
      ProducerRecord<byte[], Object> record, int sizeBytes, Origin origin) {
    CompletableFuture<SendResult<byte[], Object>> result = new CompletableFuture<>();
    long size = Math.max(1, sizeBytes);
    long queued = queuedBytes.addAndGet(size);
    result.whenComplete((sent, failure) -> queuedBytes.addAndGet(-size));
    // One copy is always admitted, however large, so a lone big record is never refused.
    if (queued > backlogBytes && queued != size) {
      fail(result, origin, Failure.BACKLOG, "over the budget of " + backlogBytes + " queued bytes");
      return result;
    }
    try {
      sender.execute(() -> send(record, origin, result));
    } catch (RejectedExecutionException e) {
      fail(result, origin, Failure.ERROR, "publisher closed");
    }
    return result;
  }

  /** Copies of one topic that could not be published, for a cause. */
  public double failedCount(String topic, Failure cause) {
    Counter counter =
        meterRegistry.find(FAILED_METRIC).tag("topic", topic).tag("cause", cause.name()).counter();
    return counter == null ? 0 : counter.count();
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // the send's outcome completes result, failures counted
  private void send(
      ProducerRecord<byte[], Object> record,
      Origin origin,
      CompletableFuture<SendResult<byte[], Object>> result) {
    try {
      template
          .send(record)
          .whenComplete(
              (sent, failure) -> {
                if (failure == null) {
                  result.complete(sent);
                } else {
                  fail(result, origin, Failure.of(failure), rootMessage(failure));
                }
              });
    } catch (RuntimeException e) {
      fail(result, origin, Failure.of(e), rootMessage(e));
    }
  }

  private void fail(
      CompletableFuture<SendResult<byte[], Object>> result,
      Origin origin,
      Failure cause,
      String message) {
    Counter.builder(FAILED_METRIC)
        .description("Dead-letter copies of rejected gossip that could not be published")
        .tag("topic", origin.topic())
        .tag("cause", cause.name())
        .register(meterRegistry)
        .increment();
    LOG.warn(
        "dead-letter publish failed topic={} partition={} offset={} reason={} cause={} error={}",
        origin.topic(),
        origin.partition(),
        origin.offset(),
        origin.reason(),
        cause,
        message);
    result.completeExceptionally(new DeadLetterFailedException(cause, message));
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /**
   * Stops taking copies, gives those queued a few seconds to reach the producer, then closes the
   * producer (which flushes them): this publisher owns its template's producer factory.
   */
  @Override
  public void close() throws Exception {
    sender.shutdown();
    sender.awaitTermination(5, TimeUnit.SECONDS);
    if (template.getProducerFactory() instanceof DisposableBean producers) {
      producers.destroy();
    }
  }

  /** How a {@link #publish} future fails. */
  public static final class DeadLetterFailedException extends RuntimeException {
    private final Failure cause;

    DeadLetterFailedException(Failure cause, String message) {
      super(cause + ": " + message, null, false, false);
      this.cause = cause;
    }

    public Failure failure() {
      return cause;
    }
  }
}
