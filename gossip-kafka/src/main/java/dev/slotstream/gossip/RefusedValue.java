package dev.slotstream.gossip;

/**
 * What {@link GossipValueDeserializer} hands on instead of a message it refused. The gossip listener
 * containers' record filter rejects it before any listener sees it.
 *
 * @param reason DECODE or OVERSIZED
 * @param detail the DecodingException's "field: reason", or the size and limit
 * @param deadLetterValue what the dead-letter copy carries: the bytes as received, or for an
 *     oversized value only its first {@link GossipLimits#DEAD_LETTER_PREFIX_BYTES}
 * @param originalSize the size of the value as received
 */
record RefusedValue(RejectReason reason, String detail, byte[] deadLetterValue, int originalSize) {
  boolean truncated() {
    return deadLetterValue.length < originalSize;
  }
}
