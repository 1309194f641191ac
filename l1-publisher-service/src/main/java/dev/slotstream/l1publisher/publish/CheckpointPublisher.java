package dev.slotstream.l1publisher.publish;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.CommittedCheckpoint;
import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.l1.ProposeCall;
import dev.slotstream.l1publisher.tx.L1Outcome;
import dev.slotstream.l1publisher.tx.L1Request;
import dev.slotstream.l1publisher.tx.L1Revert;
import dev.slotstream.l1publisher.tx.L1TransactionManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.utils.Numeric;

/**
 * Lands every checkpoint this node makes final on L1, if this instance leads its slot: the
 * checkpoint's header and archive, its tx effects and the quorum's signatures by committee position
 * go to {@code Rollup.propose} through the {@link L1TransactionManager}. One worker thread, so the
 * key's transactions go out one at a time in slot order. A checkpoint is never sent once its slot
 * has ended (L1 would refuse it) or once the contract's tip holds its slot.
 */
public class CheckpointPublisher implements AutoCloseable {
  public static final String PUBLICATIONS = "slotstream.l1.publications";
  public static final String LATENCY = "slotstream.l1.publication.latency";
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);

  private final RollupContext context;
  private final PublisherLeadership leadership;
  private final RollupGateway gateway;
  private final L1TransactionManager l1;
  private final PublicationStore store;
  private final MeterRegistry registry;
  private final Clock clock;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(DaemonThreads.named("l1-publisher"));

  public CheckpointPublisher(
      RollupContext context,
      PublisherLeadership leadership,
      RollupGateway gateway,
      L1TransactionManager l1,
      PublicationStore store,
      MeterRegistry registry,
      Clock clock) {
    this.context = context;
    this.leadership = leadership;
    this.gateway = gateway;
    this.l1 = l1;
    this.store = store;
    this.registry = registry;
    this.clock = clock;
  }

  /** A chain commit listener: queues the checkpoint if this instance publishes its slot. */
  public void onCommitted(CommittedCheckpoint committed) {
    SlotNumber slot = committed.quorum().slotNumber();
    if (!leadership.isLeaderFor(slot)) {
      count("not_leader");
      LOG.info(
          "checkpoint slot={} final; another publisher instance leads this slot", slot.value());
      return;
    }
    Publication pending =
        Publication.pending(
            slot,
            committed.tip().checkpointNumber().value(),
            committed.checkpoint().archiveRoot().toString(),
            clock.instant());
    store.put(pending);
    worker.execute(() -> publish(committed, pending));
  }

  /**
   * A quorum handler: a certified checkpoint of a slot this instance leads that does not build on
   * this node's final tip is recorded as {@link PublicationStatus#NOT_ON_TIP}, so the API says what
   * became of every certified checkpoint, not only of those sent.
   */
  public void onQuorum(CheckpointQuorum quorum, ChainStore.CommitOutcome outcome) {
    SlotNumber slot = quorum.slotNumber();
    if (outcome != ChainStore.CommitOutcome.NOT_ON_TIP
        || !leadership.isLeaderFor(slot)
        || store.get(slot).isPresent()) {
      return;
    }
    String detail =
        "certified, but it builds on "
            + quorum.payload().header().lastArchiveRoot()
            + ", not on this node's final tip (its parent missed L1 and was pruned, or this node"
            + " is behind): not sent";
    store.put(
        Publication.notOnTip(slot, quorum.payload().archive().toString(), detail, clock.instant()));
    count(PublicationStatus.NOT_ON_TIP.name());
    LOG.warn(
        "publication slot={} status={} detail={}",
        slot.value(),
        PublicationStatus.NOT_ON_TIP,
        detail);
  }

  /**
   * Queues a rehearsal of the L1 path ({@link L1TransactionManager#rehearse}) with a propose call of
   * a checkpoint's shape (the current committee, no signatures), ahead of any publication: without
   * it, a new publisher spent the first checkpoint's margin before its slot end on first-use costs
   * and the first checkpoint after a start missed L1. Nothing is sent.
   */
  public void rehearse() {
    worker.execute(
        () -> {
          Optional<SlotNumber> slot = context.timetable().slotAt(clock.instant());
          if (slot.isEmpty()) {
            return;
          }
          Committee committee = context.epochCache().committeeFor(slot.get());
          ProposeCall call =
              new ProposeCall(
                  new byte[CheckpointHeader.ENCODED_SIZE],
                  new byte[32],
                  new byte[0],
                  new byte[0],
                  committee.members(),
                  BigInteger.ZERO,
                  new byte[0],
                  new byte[Signature.SIZE]);
          try {
            l1.rehearse(
                new L1Request(
                    gateway.address(),
                    Numeric.hexStringToByteArray(gateway.encode(call)),
                    context.timetable().slotEnd(slot.get()),
                    "rehearsal",
                    () -> gateway.tip().holds(slot.get())));
          } catch (RuntimeException e) {
            LOG.warn("l1 path rehearsal failed: {}", e.toString());
          }
        });
  }

  private void publish(CommittedCheckpoint committed, Publication pending) {
    SlotNumber slot = pending.slot();
    Committee committee = context.epochCache().committeeFor(slot);
    ProposeCall call = ProposeCall.of(committed.quorum(), committed.checkpoint(), committee);
    L1Request request =
        new L1Request(
            gateway.address(),
            Numeric.hexStringToByteArray(gateway.encode(call)),
            context.timetable().slotEnd(slot),
            "slot=" + slot.value(),
            () -> gateway.tip().holds(slot));
    L1Outcome outcome;
    try {
      outcome = l1.send(request);
    } catch (RuntimeException e) {
      LOG.error("publication failed slot={}", slot.value(), e);
      store.put(
          pending.finished(
              PublicationStatus.RPC_ERROR,
              e.toString(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              0,
              clock.instant()));
      count(PublicationStatus.RPC_ERROR.name());
      return;
    }
    PublicationStatus status = PublicationStatus.of(outcome.status());
    String detail = outcome.revert().map(L1Revert::reason).or(outcome::detail).orElse("");
    Publication finished =
        pending.finished(
            status,
            detail,
            outcome.txHash(),
            outcome.blockNumber().isPresent()
                ? Optional.of(outcome.blockNumber().getAsLong())
                : Optional.empty(),
            outcome.mined() ? Optional.of(outcome.gasUsed().longValueExact()) : Optional.empty(),
            outcome.mined() ? Optional.of(outcome.feePaidWei().toString()) : Optional.empty(),
            outcome.replacements(),
            outcome.finishedAt());
    store.put(finished);
    count(status.name());
    if (status == PublicationStatus.LANDED) {
      Timer.builder(LATENCY)
          .description("A checkpoint made final on this node (its verified quorum) → landed on L1")
          .publishPercentileHistogram()
          .register(registry)
          .record(Duration.between(pending.committedAt(), outcome.finishedAt()));
    }
    LOG.info(
        "publication slot={} status={} l1Tx={} l1Block={} gasUsed={} replacements={} detail={}",
        slot.value(),
        status,
        finished.l1TxHash().orElse("-"),
        finished.l1Block().map(String::valueOf).orElse("-"),
        finished.gasUsed().map(String::valueOf).orElse("-"),
        finished.replacements(),
        detail);
  }

  private void count(String outcome) {
    Counter.builder(PUBLICATIONS)
        .description(
            "Certified checkpoints by what became of them on L1 (not_leader: another instance's)")
        .tag("outcome", outcome.toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** Publications in flight when the service stops are left to the next leader's tip check. */
  @Override
  public void close() throws InterruptedException {
    worker.shutdown();
    if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
      worker.shutdownNow();
    }
  }
}
