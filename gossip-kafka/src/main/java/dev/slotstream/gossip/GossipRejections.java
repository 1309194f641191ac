package dev.slotstream.gossip;

import dev.slotstream.core.codec.DecodingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * The one place a gossip record is rejected: it is counted in {@value #METRIC}{topic, reason},
 * logged once (topic, partition, offset, reason, detail) and a copy is queued for {@code
 * <topic>.DLT} with the reason in {@link GossipHeaders#REJECT_REASON}, so nothing is silently lost
 * and nothing stalls the consumer. The copy is published asynchronously ({@link
 * DeadLetterPublisher}); a copy that cannot be published is counted and logged, never retried.
 *
 * <p>Undecodable, oversized and null values are rejected by the typed containers' record filter
 * before any listener runs. The gossip error handler calls {@link #accept} for records whose
 * listener threw. A service that rejects a well-formed message without throwing (e.g. after
 * buffering it) calls {@link #reject(ConsumerRecord, RejectReason, String)} or {@link
 * #reject(GossipTopic, Object, RejectReason, String)}.
 */
public class GossipRejections implements ConsumerRecordRecoverer {
  public static final String METRIC = "slotstream.gossip.rejected";
  private static final Logger LOG = LoggerFactory.getLogger(GossipRejections.class);
  private static final int MAX_DETAIL_CHARS = 1024;

  /** A hostile record's origin header is copied to its dead letter only up to this length. */
  private static final int MAX_COPIED_ORIGIN_BYTES = 256;

  private final MeterRegistry meterRegistry;
  private final DeadLetterPublisher deadLetters;
  private final GossipTopics topics;
  private final String nodeId;

  public GossipRejections(
      MeterRegistry meterRegistry,
      DeadLetterPublisher deadLetters,
      GossipTopics topics,
      String nodeId) {
    this.meterRegistry = meterRegistry;
    this.deadLetters = deadLetters;
    this.topics = topics;
    this.nodeId = nodeId;
  }

  /** The error handler's recoverer: the record's listener threw. Never throws. */
  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception exception) {
    reject(record, classify(exception), detail(exception), exception);
  }

  /** Rejects a consumed, well-formed record without throwing from the listener. */
  public void reject(ConsumerRecord<?, ?> record, RejectReason reason, String detail) {
    reject(record, reason, detail, null);
  }

  /** A record whose value the gossip deserializer refused: its dead letter carries what it kept. */
  void refused(ConsumerRecord<?, ?> record, RefusedValue refused) {
    Headers headers = recordHeaders(record, refused.reason(), refused.detail());
    if (refused.truncated()) {
      headers.add(GossipHeaders.ORIGINAL_SIZE, utf8(Integer.toString(refused.originalSize())));
    }
    publish(
        record,
        refused.reason(),
        refused.detail(),
        null,
        refused.deadLetterValue(),
        headers,
        refused.deadLetterValue().length);
  }

  /** Rejects a message that is no longer attached to its record (e.g. validated after buffering). */
  public CompletableFuture<SendResult<byte[], Object>> reject(
      GossipTopic topic, Object message, RejectReason reason, String detail) {
    String topicName = topics.name(topic);
    byte[] value =
        GossipCodec.forMessage(message)
            .map(codec -> codec.encode(message))
            .orElseThrow(() -> new IllegalArgumentException("not a gossip message: " + message));
    recorded(topicName, reason, detail, -1, -1, null);
    ProducerRecord<byte[], Object> record =
        new ProducerRecord<>(
            topics.deadLetterOf(topicName),
            null,
            GossipKeys.keyFor(message),
            value,
            rejectHeaders(reason, detail));
    return deadLetters.publish(
        record, value.length, new DeadLetterPublisher.Origin(topicName, -1, -1, reason));
  }

  /** How many records of a (qualified) topic this node rejected for a reason. */
  public double rejectedCount(String topic, RejectReason reason) {
    Counter counter =
        meterRegistry.find(METRIC).tag("topic", topic).tag("reason", reason.name()).counter();
    return counter == null ? 0 : counter.count();
  }

  private void reject(
      ConsumerRecord<?, ?> record, RejectReason reason, String detail, Throwable cause) {
    Object value =
        record.value() instanceof RefusedValue refused ? refused.deadLetterValue() : record.value();
    publish(
        record,
        reason,
        detail,
        cause,
        value,
        recordHeaders(record, reason, detail),
        Math.max(0, record.serializedValueSize()));
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // a failed copy is counted and logged by the publisher
  private void publish(
      ConsumerRecord<?, ?> record,
      RejectReason reason,
      String detail,
      Throwable cause,
      Object value,
      Headers headers,
      int valueBytes) {
    recorded(record.topic(), reason, detail, record.partition(), record.offset(), cause);
    byte[] key = keyBytes(record.key());
    ProducerRecord<byte[], Object> deadLetter =
        new ProducerRecord<>(topics.deadLetterOf(record.topic()), null, key, value, headers);
    deadLetters.publish(
        deadLetter,
        valueBytes + (key == null ? 0 : key.length) + GossipLimits.RECORD_OVERHEAD_BYTES,
        new DeadLetterPublisher.Origin(
            record.topic(), record.partition(), record.offset(), reason));
  }

  /** The reject headers, where the record was, and who published it. */
  private Headers recordHeaders(ConsumerRecord<?, ?> record, RejectReason reason, String detail) {
    Headers headers = rejectHeaders(reason, detail);
    headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(record.topic()));
    headers.add(
        KafkaHeaders.DLT_ORIGINAL_PARTITION,
        ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
    headers.add(
        KafkaHeaders.DLT_ORIGINAL_OFFSET,
        ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
    Header origin = record.headers().lastHeader(GossipHeaders.ORIGIN_NODE);
    if (origin != null
        && origin.value() != null
        && origin.value().length <= MAX_COPIED_ORIGIN_BYTES) {
      headers.add(GossipHeaders.ORIGIN_NODE, origin.value());
    }
    return headers;
  }

  private static byte[] keyBytes(Object key) {
    if (key == null || key instanceof byte[]) {
      return (byte[]) key;
    }
    return utf8(key.toString());
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
        .description("Gossip records rejected (and dead-lettered), by topic and reason")
        .tag("topic", topic)
        .tag("reason", reason.name())
        .register(meterRegistry)
        .increment();
    if (reason == RejectReason.LISTENER_ERROR) {
      LOG.error(
          "rejected gossip topic={} partition={} offset={} reason={} detail={}",
          topic,
          partition,
          offset,
          reason,
          detail,
          ex);
    } else {
      int suppressed = logBudget.computeIfAbsent(topic, t -> new LogBudget()).take();
      if (suppressed >= 0) {
        LOG.warn(
            "rejected gossip topic={} partition={} offset={} reason={} detail={}{}",
            topic,
            partition,
            offset,
            reason,
            detail,
            suppressed == 0 ? "" : " (" + suppressed + " more rejections not logged)");
      }
    }
  }

  /** At most this many rejection lines per topic and second; every rejection is still counted. */
  static final int LOG_LINES_PER_TOPIC_PER_SECOND = 20;

  private final java.util.Map<String, LogBudget> logBudget =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A junk flood (thousands of records a second) must cost a counter increment each, not a log
   * line each: beyond the budget lines are dropped, and the next line logged says how many.
   */
  private static final class LogBudget {
    private long second = Long.MIN_VALUE;
    private int lines;
    private int suppressed;

    /** -1: do not log; otherwise log, with the number of lines suppressed before this one. */
    synchronized int take() {
      long now = System.nanoTime() / 1_000_000_000L;
      if (now != second) {
        second = now;
        lines = 0;
      }
      if (lines >= LOG_LINES_PER_TOPIC_PER_SECOND) {
        suppressed++;
        return -1;
      }
      lines++;
      int before = suppressed;
      suppressed = 0;
      return before;
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
