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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Feeds the node's tx pool from the tx topic through the node's {@link TxAdmission}, the same rules
 * a tx submitted to the proposer's API meets. A tx a rule refuses (signature, chain, size, fee
 * floor) is rejected to the dead-letter topic; one the pool merely declines (duplicate,
 * underpriced) is counted and dropped, and so is one whose nonce the final state has already used:
 * under load that is mostly a tx reaching this node after the block that included it, which says
 * nothing against its sender.
 */
public class TxGossipListener {
  /** The bean that runs the listener's consumer thread at the node's worker priority. */
  public static final String CONTAINER_POST_PROCESSOR = "slotstreamTxContainerPostProcessor";

  private final TxAdmission admission;
  private final MeterRegistry registry;
  private final TxLifecycle lifecycle;
  private final ConsumerRecordRecoverer rejections;

  /** One counter per status, found once: a registry lookup per tx builds tags and an id. */
  private final Map<AddStatus, Counter> admitted = new ConcurrentHashMap<>();

  /**
   * @param rejections where a tx the rules refuse goes (the node's {@code GossipRejections}: counted,
   *     logged, dead-lettered)
   */
  public TxGossipListener(
      TxAdmission admission,
      MeterRegistry registry,
      TxLifecycle lifecycle,
      ConsumerRecordRecoverer rejections) {
    this.admission = admission;
    this.registry = registry;
    this.lifecycle = lifecycle;
    this.rejections = rejections;
  }

  /**
   * One call per poll: at thousands of txs a second, Spring's per-record invocation (message
   * conversion, reflection) cost a node as much as the pool itself. A tx the rules refuse is
   * rejected here rather than by the container's error handler: a batch that handler handed back
   * would pass the record filter again, and admission does no I/O a retry could wait out.
   */
  @KafkaListener(
      id = "slotstream-tx",
      idIsGroup = false, // group = this node's id: every node must see every tx
      topics = "#{@gossipTopics.tx()}",
      containerFactory = GossipListenerContainerFactory.TX_BATCH,
      containerPostProcessor = CONTAINER_POST_PROCESSOR)
  public void onTxs(List<ConsumerRecord<byte[], Tx>> records) {
    for (ConsumerRecord<byte[], Tx> record : records) {
      try {
        onTx(record.value());
      } catch (RuntimeException e) {
        rejections.accept(record, e);
      }
    }
  }

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
      if (refused.reason() == TxRejectionReason.NONCE_TOO_LOW) {
        return new AddResult(AddStatus.NONCE_TOO_LOW, refused.detail(), Optional.empty());
      }
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
