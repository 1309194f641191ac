package dev.slotstream.gossip;

import dev.slotstream.core.codec.DecodingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * The one place a gossip record is rejected: it is logged with its reason, counted in {@value
 * #METRIC}{topic, reason} and published to {@code <topic>.DLT} with the reason in {@link
 * GossipHeaders#REJECT_REASON}, so nothing is silently lost and nothing stalls the consumer.
 *
 * <p>The gossip error handler calls {@link #accept} for undecodable records and for records whose
 * listener threw. A service that rejects a well-formed message without throwing (e.g. after
 * buffering it) calls {@link #reject(ConsumerRecord, RejectReason, String)} or {@link
 * #reject(GossipTopic, Object, RejectReason, String)}.
 */
public class GossipRejections implements ConsumerRecordRecoverer {
  public static final String METRIC = "slotstream.gossip.rejected";
  private static final Logger LOG = LoggerFactory.getLogger(GossipRejections.class);
  private static final int MAX_DETAIL_CHARS = 1024;

  private final MeterRegistry meterRegistry;
  private final DeadLetterPublishingRecoverer deadLetters;
  private final KafkaOperations<byte[], Object> template;
  private final GossipTopics topics;
  private final String nodeId;

  public GossipRejections(
      MeterRegistry meterRegistry,
      DeadLetterPublishingRecoverer deadLetters,
      KafkaOperations<byte[], Object> template,
      GossipTopics topics,
      String nodeId) {
    this.meterRegistry = meterRegistry;
    this.deadLetters = deadLetters;
    this.template = template;
    this.topics = topics;
    this.nodeId = nodeId;
  }

  /** The error handler's recoverer: dead-letter (synchronously), then count and log. */
  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception exception) {
    RejectReason reason = classify(exception);
    String detail = detail(exception);
    // Throws if the DLT send fails; the error handler then redelivers rather than lose the record.
    deadLetters.accept(record, exception);
    recorded(record.topic(), reason, detail, record.partition(), record.offset(), exception);
  }

  /** Rejects a consumed, well-formed record without throwing from the listener. */
  public void reject(ConsumerRecord<?, ?> record, RejectReason reason, String detail) {
    accept(record, new InvalidGossipException(reason, detail));
  }

  /** Rejects a message that is no longer attached to its record (e.g. validated after buffering). */
  public CompletableFuture<SendResult<byte[], Object>> reject(
      GossipTopic topic, Object message, RejectReason reason, String detail) {
    String topicName = topics.name(topic);
    Headers headers = rejectHeaders(reason, detail);
    ProducerRecord<byte[], Object> record =
        new ProducerRecord<>(
            topics.deadLetterOf(topicName), null, GossipKeys.keyFor(message), message, headers);
    return template
        .send(record)
        .whenComplete(
            (result, failure) -> {
              if (failure == null) {
                recorded(topicName, reason, detail, -1, -1, null);
              } else {
                LOG.error(
                    "dead-letter publish failed topic={} reason={} detail={}",
                    topicName,
                    reason,
                    detail,
                    failure);
              }
            });
  }

  /** How many records of a (qualified) topic this node rejected for a reason. */
  public double rejectedCount(String topic, RejectReason reason) {
    Counter counter =
        meterRegistry.find(METRIC).tag("topic", topic).tag("reason", reason.name()).counter();
    return counter == null ? 0 : counter.count();
  }

  /** The reason headers for a dead-letter record; the DLT recoverer's headers function. */
  Headers rejectHeaders(ConsumerRecord<?, ?> record, Exception exception) {
    return rejectHeaders(classify(exception), detail(exception));
  }

  Headers rejectHeaders(RejectReason reason, String detail) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(GossipHeaders.REJECT_REASON, utf8(reason.name()));
    headers.add(GossipHeaders.REJECT_DETAIL, utf8(truncate(detail)));
    headers.add(GossipHeaders.REJECTED_BY, utf8(nodeId));
    return headers;
  }

  /** DECODE for undecodable bytes, the exception's reason for invalid messages, else LISTENER_ERROR. */
  public static RejectReason classify(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof InvalidGossipException invalid) {
        return invalid.reason();
      }
      if (t instanceof DeserializationException || t instanceof DecodingException) {
        return RejectReason.DECODE;
      }
    }
    return RejectReason.LISTENER_ERROR;
  }

  /** The most specific message: the DecodingException's "field: reason" or the invalid detail. */
  public static String detail(Throwable exception) {
    Throwable deepest = exception;
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof InvalidGossipException invalid) {
        return invalid.detail();
      }
      if (t instanceof DecodingException) {
        return t.getMessage();
      }
      deepest = t;
    }
    return deepest == null ? "" : deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
  }

  private void recorded(
      String topic, RejectReason reason, String detail, int partition, long offset, Throwable ex) {
    Counter.builder(METRIC)
        .description("Gossip records rejected and dead-lettered, by topic and reason")
        .tag("topic", topic)
        .tag("reason", reason.name())
        .register(meterRegistry)
        .increment();
    if (reason == RejectReason.LISTENER_ERROR) {
      LOG.error(
          "rejected gossip topic={} partition={} offset={} reason={} detail={}",
          topic, partition, offset, reason, detail, ex);
    } else {
      LOG.warn(
          "rejected gossip topic={} partition={} offset={} reason={} detail={}",
          topic, partition, offset, reason, detail);
    }
  }

  private static String truncate(String detail) {
    if (detail == null) {
      return "";
    }
    return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
