package dev.slotstream.node.chain;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReason;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Makes checkpoints final on their quorum event: the chain commits the checkpoint this node built
 * or re-executed, and the txs it included leave the pool.
 */
public class QuorumGossipListener {
  private static final Logger LOG = LoggerFactory.getLogger(QuorumGossipListener.class);

  private final ChainStore chain;
  private final TxPool pool;
  private final ObjectProvider<QuorumHandler> handlers;
  private final MeterRegistry registry;

  public QuorumGossipListener(
      ChainStore chain, TxPool pool, ObjectProvider<QuorumHandler> handlers, MeterRegistry registry) {
    this.chain = chain;
    this.pool = pool;
    this.handlers = handlers;
    this.registry = registry;
  }

  @KafkaListener(
      id = "slotstream-quorum",
      idIsGroup = false, // group = this node's id: every node must see every quorum event
      topics = "#{@gossipTopics.checkpointQuorum()}",
      containerFactory = GossipListenerContainerFactory.BYTES)
  public void onQuorumBytes(byte[] value) {
    CheckpointQuorum quorum;
    try {
      quorum = CheckpointQuorum.decode(value);
    } catch (DecodingException e) {
      throw new InvalidGossipException(RejectReason.DECODE, e.getMessage());
    }
    onQuorum(quorum);
  }

  public ChainStore.CommitOutcome onQuorum(CheckpointQuorum quorum) {
    ChainStore.CommitOutcome outcome = chain.onQuorum(quorum.payload());
    registry.counter("slotstream.chain.quorum.events", "outcome", outcome.name()).increment();
    if (outcome == ChainStore.CommitOutcome.COMMITTED) {
      WorldStateSnapshot state = chain.worldState().latest();
      int pruned = pool.pruneStale(state::nonce);
      LOG.info("checkpoint final slot={} block={} txsLeftPool={}", quorum.slotNumber(), state.blockNumber(), pruned);
    }
    handlers.orderedStream().forEach(h -> h.onQuorum(quorum, outcome));
    return outcome;
  }
}
