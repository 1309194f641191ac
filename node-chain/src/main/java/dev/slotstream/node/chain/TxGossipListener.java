package dev.slotstream.node.chain;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.exec.TxValidationResult;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.AddResult;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReason;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Feeds the node's tx pool from the tx topic. A tx that breaks a protocol rule (signature, chain,
 * size, nonce already used) is rejected to the dead-letter topic; one the pool merely declines
 * (duplicate, underpriced) is counted and dropped.
 */
public class TxGossipListener {
  private final TxPool pool;
  private final TxValidator validator;
  private final ChainStore chain;
  private final RollupContext context;
  private final MeterRegistry registry;

  public TxGossipListener(
      TxPool pool, TxValidator validator, ChainStore chain, RollupContext context, MeterRegistry registry) {
    this.pool = pool;
    this.validator = validator;
    this.chain = chain;
    this.context = context;
    this.registry = registry;
  }

  @KafkaListener(
      id = "slotstream-tx",
      idIsGroup = false, // group = this node's id: every node must see every tx
      topics = "#{@gossipTopics.tx()}",
      containerFactory = GossipListenerContainerFactory.TX)
  public void onTx(Tx tx) {
    AddResult result = admit(tx);
    registry.counter("slotstream.txpool.admitted", "status", result.status().name()).increment();
  }

  /**
   * Validates {@code tx} against the final state and adds it to the pool.
   *
   * @throws InvalidGossipException for a tx that can never be valid on this chain
   */
  public AddResult admit(Tx tx) {
    WorldStateSnapshot state = chain.worldState().latest();
    TxValidationResult stateless = validator.validateWithoutState(tx, dev.slotstream.core.header.GasFees.ZERO);
    if (!stateless.isValid()) {
      throw new InvalidGossipException(
          stateless.reason() == dev.slotstream.core.exec.TxRejectionReason.BAD_SIGNATURE
              ? RejectReason.BAD_SIGNATURE
              : RejectReason.INVALID,
          stateless.reason() + ": " + stateless.detail());
    }
    if (tx.payload().nonce() < state.nonce(tx.payload().sender())) {
      throw new InvalidGossipException(
          RejectReason.INVALID,
          "NONCE_TOO_LOW: nonce " + tx.payload().nonce() + " already used by " + tx.payload().sender());
    }
    return pool.add(tx, state::nonce);
  }

  public RollupContext context() {
    return context;
  }
}
