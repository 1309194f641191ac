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

  /**
   * Every step of {@link #send} but the send itself: the chain check, the precheck, the simulation,
   * the fees, the nonce and the signature, for nothing. A new process pays its first-use costs
   * (class loading, JIT, connections) here, at start-up, instead of in its first checkpoint's
   * seconds. No transaction is sent and no nonce taken; a call L1 would refuse is still
   * rehearsed to the signature.
   */
  L1Rehearsal rehearse(L1Request request);
}
