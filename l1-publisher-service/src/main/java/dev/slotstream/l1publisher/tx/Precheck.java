package dev.slotstream.l1publisher.tx;

/**
 * Asked before a request is first sent and again after every failure or pause: says whether the
 * work is already done on L1 (e.g. the checkpoint is already the tip), so it is not sent twice.
 */
@FunctionalInterface
public interface Precheck {
  Precheck NONE = () -> false;

  /** True when sending is no longer needed; an exception counts as "cannot tell yet" and is retried. */
  boolean alreadyDone() throws Exception;
}
