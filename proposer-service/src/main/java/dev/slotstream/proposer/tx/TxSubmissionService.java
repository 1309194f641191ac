package dev.slotstream.proposer.tx;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.AddResult;
import dev.slotstream.core.pool.TxAdmission;
import dev.slotstream.core.pool.TxAdmission.Admission;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.types.TxHash;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
  private final TxLifecycle lifecycle;

  /** One counter per outcome, found once: a registry lookup per tx builds tags and an id. */
  private final Map<String, Counter> submitted = new ConcurrentHashMap<>();

  public TxSubmissionService(
      TxAdmission admission, TxGossip gossip, Duration publishTimeout, MeterRegistry registry) {
    this(admission, gossip, publishTimeout, registry, new TxLifecycle(1, Clock.systemUTC()));
  }

  public TxSubmissionService(
      TxAdmission admission,
      TxGossip gossip,
      Duration publishTimeout,
      MeterRegistry registry,
      TxLifecycle lifecycle) {
    this.admission = admission;
    this.pool = admission.pool();
    this.gossip = gossip;
    this.publishTimeout = publishTimeout;
    this.registry = registry;
    this.lifecycle = lifecycle;
  }

  /** One tx of a batch: accepted, or refused with the exception {@link #submit} would throw. */
  public sealed interface BatchOutcome {
    record Accepted(TxSubmission submission) implements BatchOutcome {}

    record Refused(RuntimeException error) implements BatchOutcome {}
  }

  /**
   * Admits each tx as {@link #submit} does, but publishes every admitted tx before waiting for the
   * broker's acknowledgements, so a batch costs one round trip to the tx topic rather than one per
   * tx. The outcomes are in the order of {@code encoded}.
   */
  public List<BatchOutcome> submitAll(List<byte[]> encoded) {
    BatchOutcome[] outcomes = new BatchOutcome[encoded.size()];
    Tx[] txs = new Tx[encoded.size()];
    AddResult[] results = new AddResult[encoded.size()];
    CompletableFuture<?>[] acks = new CompletableFuture<?>[encoded.size()];
    for (int i = 0; i < encoded.size(); i++) {
      try {
        Tx tx;
        try {
          tx = Tx.decode(encoded.get(i));
        } catch (DecodingException e) {
          count("MALFORMED");
          throw e;
        }
        AddResult added = admitCounted(tx, tx.hash());
        txs[i] = tx;
        results[i] = added;
        if (added.status().accepted()) {
          acks[i] = publishAsync(tx);
        } else {
          count(added.status().name());
          outcomes[i] =
              new BatchOutcome.Accepted(
                  new TxSubmission(tx.hash(), added.status(), added.reason(), added.displaced()));
        }
      } catch (DecodingException | InvalidTxException | PoolRejectedException e) {
        outcomes[i] = new BatchOutcome.Refused(e);
      }
    }
    long deadline = System.nanoTime() + publishTimeout.toNanos();
    for (int i = 0; i < encoded.size(); i++) {
      if (acks[i] == null) {
        continue;
      }
      TxHash hash = txs[i].hash();
      try {
        awaitAck(acks[i], hash, Math.max(0, deadline - System.nanoTime()));
        count(results[i].status().name());
        lifecycle.pooled(hash, results[i]);
        outcomes[i] =
            new BatchOutcome.Accepted(
                new TxSubmission(
                    hash, results[i].status(), results[i].reason(), results[i].displaced()));
      } catch (GossipUnavailableException e) {
        count("GOSSIP_UNAVAILABLE");
        outcomes[i] = new BatchOutcome.Refused(e);
      }
    }
    LOG.debug("tx batch submitted size={}", encoded.size());
    return List.of(outcomes);
  }

  private CompletableFuture<?> publishAsync(Tx tx) {
    try {
      return gossip.publish(tx);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private AddResult admitCounted(Tx tx, TxHash hash) {
    try {
      return admit(tx, hash);
    } catch (InvalidTxException e) {
      count(e.reason().name());
      lifecycle.rejected(hash, e.reason() + ": " + e.detail());
      throw e;
    } catch (PoolRejectedException e) {
      count(e.status().name());
      throw e;
    }
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
        lifecycle.pooled(hash, added);
      }
      count(added.status().name());
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "tx submitted hash={} sender={} nonce={} status={}",
            hash,
            tx.payload().sender(),
            tx.payload().nonce(),
            added.status());
      }
      return new TxSubmission(hash, added.status(), added.reason(), added.displaced());
    } catch (InvalidTxException e) {
      count(e.reason().name());
      lifecycle.rejected(hash, e.reason() + ": " + e.detail());
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
    awaitAck(publishAsync(tx), hash, publishTimeout.toNanos());
  }

  private void awaitAck(CompletableFuture<?> ack, TxHash hash, long timeoutNanos) {
    try {
      ack.get(timeoutNanos, TimeUnit.NANOSECONDS);
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
    submitted
        .computeIfAbsent(
            outcome, o -> registry.counter("slotstream.proposer.txs.submitted", "outcome", o))
        .increment();
  }
}
