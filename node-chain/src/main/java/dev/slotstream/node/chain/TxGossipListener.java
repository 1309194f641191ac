package dev.slotstream.node.chain;

import dev.slotstream.core.exec.TxRejectionReason;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.AddResult;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.pool.TxAdmission;
import dev.slotstream.core.pool.TxAdmission.Admission;
import dev.slotstream.gossip.GossipListenerContainerFactory;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Feeds the node's tx pool from the tx topic through the node's {@link TxAdmission}, the same rules
 * a tx submitted to the proposer's API meets. A tx a rule refuses (signature, chain, size, fee floor,
 * nonce already used) is rejected to the dead-letter topic; one the pool merely declines
 * (duplicate, underpriced) is counted and dropped.
 */
public class TxGossipListener {
  private final TxAdmission admission;
  private final MeterRegistry registry;
  private final TxLifecycle lifecycle;

  /** One counter per status, found once: a registry lookup per tx builds tags and an id. */
  private final Map<AddStatus, Counter> admitted = new ConcurrentHashMap<>();

  public TxGossipListener(TxAdmission admission, MeterRegistry registry) {
    this(admission, registry, new TxLifecycle(1, Clock.systemUTC()));
  }

  public TxGossipListener(TxAdmission admission, MeterRegistry registry, TxLifecycle lifecycle) {
    this.admission = admission;
    this.registry = registry;
    this.lifecycle = lifecycle;
  }

  @KafkaListener(
      id = "slotstream-tx",
      idIsGroup = false, // group = this node's id: every node must see every tx
      topics = "#{@gossipTopics.tx()}",
      containerFactory = GossipListenerContainerFactory.TX)
  public void onTx(Tx tx) {
    AddResult result = admit(tx);
    admitted
        .computeIfAbsent(
            result.status(),
            status -> registry.counter("slotstream.txpool.admitted", "status", status.name()))
        .increment();
  }

  /**
   * @throws InvalidGossipException for a tx the admission rules refuse
   */
  public AddResult admit(Tx tx) {
    Admission admitted = admission.admit(tx);
    if (admitted instanceof Admission.Refused refused) {
      lifecycle.rejected(tx.hash(), refused.reason() + ": " + refused.detail());
      throw new InvalidGossipException(
          refused.reason() == TxRejectionReason.BAD_SIGNATURE
              ? RejectReason.BAD_SIGNATURE
              : RejectReason.INVALID,
          refused.reason() + ": " + refused.detail());
    }
    AddResult result = ((Admission.Pooled) admitted).result();
    lifecycle.pooled(tx.hash(), result);
    return result;
  }
}
