package dev.slotstream.gossip;

/** Record headers this library writes (UTF-8 strings). */
public final class GossipHeaders {
  /** On every published record: the node id of the publisher, so a node can skip its own gossip. */
  public static final String ORIGIN_NODE = "slotstream-origin-node";

  /** On a dead-letter record: the {@link RejectReason} name. */
  public static final String REJECT_REASON = "slotstream-reject-reason";

  /** On a dead-letter record: what exactly was wrong (e.g. the DecodingException's field and reason). */
  public static final String REJECT_DETAIL = "slotstream-reject-detail";

  /** On a dead-letter record: the node id that rejected it. */
  public static final String REJECTED_BY = "slotstream-rejected-by";

  /**
   * On a dead-letter record whose value was cut (an OVERSIZED record): the size of the value as
   * received, in bytes (decimal).
   */
  public static final String ORIGINAL_SIZE = "slotstream-original-size";

  private GossipHeaders() {}
}
