package dev.slotstream.gossip;

import java.util.Arrays;

/**
 * The one size limit of each gossip topic, derived from the protocol's own ({@code
 * MessageKind.maxEncodedBytes}, PROTOCOL.md §3.1) and applied alike at the topic ({@code
 * max.message.bytes}), the producers ({@code max.request.size}, the dead-letter producer included)
 * and the consumers ({@code max.partition.fetch.bytes}, {@code fetch.max.bytes}), so that whatever a
 * node may legitimately publish it can also fetch and dead-letter.
 */
public final class GossipLimits {
  /**
   * Room for what Kafka carries around a value: the key (≤ 20 bytes), the headers (origin node, the
   * reject headers with their detail of at most 1,024 characters, the original location and size)
   * and record and batch framing.
   */
  public static final int RECORD_OVERHEAD_BYTES = 16 * 1024;

  /** An oversized value's dead-letter copy keeps only this many leading bytes (enough to see its kind). */
  public static final int DEAD_LETTER_PREFIX_BYTES = 1024;

  /** Kafka's default {@code max.partition.fetch.bytes}: a consumer never fetches less than that. */
  private static final int DEFAULT_FETCH_BYTES = 1024 * 1024;

  private GossipLimits() {}

  /** The largest value a topic carries: its message kind's maximum encoding. */
  public static int valueLimit(GossipTopic topic) {
    return topic.topicType().kind().maxEncodedBytes();
  }

  /** The largest record a topic (and its dead-letter topic) accepts: {@code max.message.bytes}. */
  public static int recordLimit(GossipTopic topic) {
    return valueLimit(topic) + RECORD_OVERHEAD_BYTES;
  }

  /** {@code max.request.size} of a producer that may publish to every gossip topic. */
  public static int largestRecordLimit() {
    return Arrays.stream(GossipTopic.values())
        .mapToInt(GossipLimits::recordLimit)
        .max()
        .orElseThrow();
  }

  /** {@code max.partition.fetch.bytes} of a topic's consumer: at least one whole record. */
  public static int fetchBytes(GossipTopic topic) {
    return Math.max(DEFAULT_FETCH_BYTES, recordLimit(topic));
  }
}
