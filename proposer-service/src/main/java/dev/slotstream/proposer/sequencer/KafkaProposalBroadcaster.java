package dev.slotstream.proposer.sequencer;

import dev.slotstream.core.duty.DaemonThreads;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a proposer's messages through {@link GossipPublisher} the moment the job hands them
 * over. Records are keyed by slot (see {@code GossipKeys}), so a slot's proposals share a partition.
 *
 * <p>Sends run one at a time, in the order the job handed them over, on this broadcaster's own
 * thread, and each waits for the broker's ack before the next is sent: a retried send can never
 * overtake the block before it. The job does not wait for a block's ack: it builds the next block
 * meanwhile. Why: under bin/load (1,000 tx/s on the 2 s / 200 ms timetable, nine processes on two
 * cores) an ack took ~50–70 ms, so waiting on the job's thread cost up to ~0.4 s of a 1.6 s build
 * window per slot, and the last block started after the checkpoint proposal deadline. The
 * checkpoint proposal is the exception: {@link #broadcastCheckpoint} returns once it is
 * acknowledged, which (sends being serial) means every block before it was too.
 *
 * <p>A send that fails or times out is retried by the Resilience4j retry {@value #RETRY_NAME}. When
 * the retries are exhausted, the slot's later proposals are not sent (validators could not execute
 * them without the missing block) and its checkpoint broadcast throws, so the job ends the slot as
 * FAILED. A timed-out attempt may still land, so a retry can put an identical proposal on the topic
 * twice; validators drop the copy by its id.
 *
 * <p>Each broadcast runs in an observation ({@value #OBSERVATION}{kind}): its log line and the
 * record it sends share a trace, which the record's {@code traceparent} header carries to every
 * validator's listener (gossip-kafka observes the template and the listener containers).
 */
public class KafkaProposalBroadcaster implements ProposalBroadcaster, AutoCloseable {
  public static final String RETRY_NAME = "proposalBroadcast";
  public static final String OBSERVATION = "slotstream.proposal.broadcast";
  private static final Logger LOG = LoggerFactory.getLogger(KafkaProposalBroadcaster.class);

  private final GossipPublisher publisher;
  private final Retry retry;
  private final Duration sendTimeout;
  private final MeterRegistry registry;
  private final ObservationRegistry observations;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(DaemonThreads.named("slotstream-broadcast"));

  /** The newest slot one of whose sends failed; its later proposals are not sent. */
  private volatile long failedSlot = -1;

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
    long slot = proposal.slotNumber().value();
    // Not awaited: a failure is logged and counted by the send, and fails the slot's checkpoint.
    var unused =
        sendInOrder(
            "block",
            slot,
            proposal.index(),
            () -> publisher.publishBlockProposal(proposal),
            () ->
                LOG.info(
                    "broadcast block slot={} index={} txs={} id={}",
                    slot,
                    proposal.index(),
                    proposal.payload().txHashes().size(),
                    proposal.id()));
  }

  /**
   * Returns once the checkpoint proposal is acknowledged.
   *
   * @throws BroadcastFailedException if it, or a block of its slot, was not
   */
  @Override
  public void broadcastCheckpoint(CheckpointProposal proposal) {
    long slot = proposal.slotNumber().value();
    CompletableFuture<Void> sent =
        sendInOrder(
            "checkpoint",
            slot,
            proposal.lastBlockIndex(),
            () -> publisher.publishCheckpointProposal(proposal),
            () ->
                LOG.info(
                    "broadcast checkpoint slot={} lastIndex={} txs={} id={} lastBlockId={}",
                    slot,
                    proposal.lastBlockIndex(),
                    proposal.lastBlock().payload().txHashes().size(),
                    proposal.id(),
                    proposal.lastBlock().id()));
    try {
      sent.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * Sends on {@link #sender}, whose single thread takes sends in the order they are handed over, in
   * an observation; {@code logSent} runs once the broker acknowledged. The returned future fails
   * with the send's exception, or with {@link BroadcastFailedException} when an earlier send of the
   * same slot failed (this one is then not attempted).
   */
  private CompletableFuture<Void> sendInOrder(
      String kind, long slot, int index, Supplier<CompletableFuture<?>> publish, Runnable logSent) {
    return CompletableFuture.runAsync(
        () -> {
          if (failedSlot == slot) {
            throw new BroadcastFailedException(
                "not sent: an earlier proposal of slot " + slot + " was not acknowledged", null);
          }
          try {
            observe(kind, slot, index)
                .observe(
                    () -> {
                      send(kind, publish);
                      logSent.run();
                    });
          } catch (RuntimeException e) {
            failedSlot = slot;
            LOG.error("slot={} proposal broadcast failed", slot, e);
            throw e;
          }
        },
        sender);
  }

  @Override
  public void close() {
    sender.shutdown();
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
