package dev.slotstream.l1publisher.tx;

/**
 * Sends transactions to L1 from one key and sees each through to a final outcome: simulated first,
 * priced from the chain, replaced when stalled, cancelled when its deadline passes, and paused (not
 * dropped) while L1 is unreachable. {@link #send} blocks; callers send one request at a time per key.
 */
public interface L1TransactionManager {

  /** The address of the key that signs and pays. */
  String senderAddress();

  /** Sends {@code request} and waits for its final outcome; never throws for L1 failures. */
  L1Outcome send(L1Request request);
}
