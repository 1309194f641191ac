package dev.slotstream.proposer.tx;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.AddResult;
import dev.slotstream.core.pool.TxAdmission;
import dev.slotstream.core.pool.TxAdmission.Admission;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.types.TxHash;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a tx submitted to this proposer: decode, the node's {@link TxAdmission} (the same rules and
 * fee floor as a tx arriving on the tx topic), then the tx topic, so every validator's pool sees it
 * too.
 *
 * <p>A 2xx answer means both: the tx is pooled here and the broker acknowledged it on the tx topic.
 * If the topic does not acknowledge in time the tx is taken back out of the pool, so a retry of the
 * same bytes is admitted (and published) afresh rather than answered DUPLICATE. A DUPLICATE is not
 * republished: it was gossiped when it was first admitted.
 */
public class TxSubmissionService {
  private static final Logger LOG = LoggerFactory.getLogger(TxSubmissionService.class);

  private final TxAdmission admission;
  private final TxPool pool;
  private final TxGossip gossip;
  private final Duration publishTimeout;
  private final MeterRegistry registry;

  public TxSubmissionService(
      TxAdmission admission, TxGossip gossip, Duration publishTimeout, MeterRegistry registry) {
    this.admission = admission;
    this.pool = admission.pool();
    this.gossip = gossip;
    this.publishTimeout = publishTimeout;
    this.registry = registry;
  }

  /**
   * @throws DecodingException the bytes are not a canonical tx encoding
   * @throws InvalidTxException a protocol rule is broken
   * @throws PoolRejectedException the pool declined a valid tx
   * @throws GossipUnavailableException the tx topic did not acknowledge it
   */
  public TxSubmission submit(byte[] encoded) {
    Tx tx;
    try {
      tx = Tx.decode(encoded);
    } catch (DecodingException e) {
      count("MALFORMED");
      throw e;
    }
    TxHash hash = tx.hash();
    try {
      AddResult added = admit(tx, hash);
      if (added.status().accepted()) {
        publish(tx, hash);
      }
      count(added.status().name());
      LOG.info(
          "tx submitted hash={} sender={} nonce={} status={}",
          hash,
          tx.payload().sender(),
          tx.payload().nonce(),
          added.status());
      return new TxSubmission(hash, added.status(), added.reason(), added.displaced());
    } catch (InvalidTxException e) {
      count(e.reason().name());
      throw e;
    } catch (PoolRejectedException e) {
      count(e.status().name());
      throw e;
    } catch (GossipUnavailableException e) {
      count("GOSSIP_UNAVAILABLE");
      throw e;
    }
  }

  private AddResult admit(Tx tx, TxHash hash) {
    Admission admitted = admission.admit(tx);
    if (admitted instanceof Admission.Refused refused) {
      throw new InvalidTxException(hash, refused.reason(), refused.detail());
    }
    AddResult added = ((Admission.Pooled) admitted).result();
    return switch (added.status()) {
      case ADDED, REPLACED, DUPLICATE -> added;
      case UNDERPRICED, POOL_FULL, SENDER_LIMIT, NONCE_TOO_LOW ->
          throw new PoolRejectedException(hash, added.status(), added.reason());
    };
  }

  private void publish(Tx tx, TxHash hash) {
    try {
      gossip.publish(tx).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      pool.remove(List.of(hash));
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.warn(
          "tx not gossiped, taken back out of the pool hash={} cause={}", hash, cause.toString());
      throw new GossipUnavailableException(
          hash, "the tx topic did not acknowledge the tx: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.remove(List.of(hash));
      throw new GossipUnavailableException(hash, "interrupted while publishing the tx", e);
    }
  }

  private void count(String outcome) {
    registry.counter("slotstream.proposer.txs.submitted", "outcome", outcome).increment();
  }
}
