package dev.slotstream.l1publisher.tx;

import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The next nonce of one publisher key. Kept locally so consecutive sends need no round trip, and
 * forgotten (to be read again from the chain's pending count) whenever the chain disagrees: "nonce
 * too low", a same-nonce transaction we did not send, or a transaction of ours that vanished.
 */
final class NonceManager {
  private static final Logger log = LoggerFactory.getLogger(NonceManager.class);

  private final String address;
  private OptionalLong next = OptionalLong.empty();
  private long resets;

  NonceManager(String address) {
    this.address = address;
  }

  /** The nonce the next new transaction uses; empty when it must be read from the chain. */
  synchronized OptionalLong next() {
    return next;
  }

  /** Adopts the chain's pending transaction count after a reset (or at start). */
  synchronized long load(long chainPendingCount) {
    next = OptionalLong.of(chainPendingCount);
    log.info("nonce loaded address={} nonce={}", address, chainPendingCount);
    return chainPendingCount;
  }

  /** A transaction with {@code nonce} was mined: the next one follows it. */
  synchronized void consumed(long nonce) {
    next = OptionalLong.of(nonce + 1);
  }

  /** Forget the local counter; the next {@link #next} reads the chain again. */
  synchronized void reset(String reason) {
    resets++;
    Object was = next.isPresent() ? next.getAsLong() : "unknown";
    log.warn("nonce reset address={} was={} reason=\"{}\"", address, was, reason);
    next = OptionalLong.empty();
  }

  synchronized long resets() {
    return resets;
  }
}
