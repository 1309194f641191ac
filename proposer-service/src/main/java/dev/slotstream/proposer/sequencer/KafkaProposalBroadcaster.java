package dev.slotstream.proposer.sequencer;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.sequencer.ProposalBroadcaster;
import dev.slotstream.gossip.GossipPublisher;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a proposer's messages through {@link GossipPublisher} the moment the job hands them
 * over. Records are keyed by slot (see {@code GossipKeys}), so a slot's proposals share a partition.
 *
 * <p>Each send waits for the broker's ack before returning, on the job's own (serial) thread: the
 * next block of the slot is only sent once this one is acknowledged, so a retried send can never
 * overtake it. A send that fails or times out is retried by the Resilience4j retry {@value
 * #RETRY_NAME}; when the retries are exhausted the exception reaches the job, which ends the slot
 * as FAILED (validators could not execute the later blocks without this one anyway). A timed-out
 * attempt may still land, so a retry can put an identical proposal on the topic twice; validators
 * drop the copy by its id.
 *
 * <p>Each broadcast runs in an observation ({@value #OBSERVATION}{kind}): its log line and the
 * record it sends share a trace, which the record's {@code traceparent} header carries to every
 * validator's listener (gossip-kafka observes the template and the listener containers).
 */
public class KafkaProposalBroadcaster implements ProposalBroadcaster {
  public static final String RETRY_NAME = "proposalBroadcast";
  public static final String OBSERVATION = "slotstream.proposal.broadcast";
  private static final Logger LOG = LoggerFactory.getLogger(KafkaProposalBroadcaster.class);

  private final GossipPublisher publisher;
  private final Retry retry;
  private final Duration sendTimeout;
  private final MeterRegistry registry;
  private final ObservationRegistry observations;

  public KafkaProposalBroadcaster(
      GossipPublisher publisher, Retry retry, Duration sendTimeout, MeterRegistry registry) {
    this(publisher, retry, sendTimeout, registry, ObservationRegistry.NOOP);
  }

  public KafkaProposalBroadcaster(
      GossipPublisher publisher,
      Retry retry,
      Duration sendTimeout,
      MeterRegistry registry,
      ObservationRegistry observations) {
    this.publisher = publisher;
    this.retry = retry;
    this.sendTimeout = sendTimeout;
    this.registry = registry;
    this.observations = observations;
  }

  @Override
  public void broadcastBlock(BlockProposal proposal) {
    observe("block", proposal.slotNumber().value(), proposal.index())
        .observe(
            () -> {
              send("block", () -> publisher.publishBlockProposal(proposal));
              LOG.info(
                  "broadcast block slot={} index={} txs={} id={}",
                  proposal.slotNumber().value(),
                  proposal.index(),
                  proposal.payload().txHashes().size(),
                  proposal.id());
            });
  }

  @Override
  public void broadcastCheckpoint(CheckpointProposal proposal) {
    observe("checkpoint", proposal.slotNumber().value(), proposal.lastBlockIndex())
        .observe(
            () -> {
              send("checkpoint", () -> publisher.publishCheckpointProposal(proposal));
              LOG.info(
                  "broadcast checkpoint slot={} lastIndex={} txs={} id={} lastBlockId={}",
                  proposal.slotNumber().value(),
                  proposal.lastBlockIndex(),
                  proposal.lastBlock().payload().txHashes().size(),
                  proposal.id(),
                  proposal.lastBlock().id());
            });
  }

  private Observation observe(String kind, long slot, int index) {
    return Observation.createNotStarted(OBSERVATION, observations)
        .lowCardinalityKeyValue("kind", kind)
        .highCardinalityKeyValue("slot", Long.toString(slot))
        .highCardinalityKeyValue("index", Integer.toString(index));
  }

  private void send(String kind, Supplier<CompletableFuture<?>> publish) {
    try {
      retry.executeCheckedSupplier(() -> awaitAck(publish.get()));
    } catch (RuntimeException e) {
      registry.counter("slotstream.proposer.broadcast.failures", "kind", kind).increment();
      throw e;
    } catch (Throwable e) {
      registry.counter("slotstream.proposer.broadcast.failures", "kind", kind).increment();
      throw new BroadcastFailedException(kind + " proposal was not acknowledged: " + e, e);
    }
  }

  private Object awaitAck(CompletableFuture<?> sent) throws Exception {
    try {
      return sent.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      sent.cancel(false);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** A proposal the broker did not acknowledge within the retries. */
  public static class BroadcastFailedException extends RuntimeException {
    public BroadcastFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
