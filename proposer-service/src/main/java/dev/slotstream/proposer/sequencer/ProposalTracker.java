package dev.slotstream.proposer.sequencer;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.SlotNumber;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hears every proposal job of the node: counts and times each duty step, and remembers the latest
 * slots' outcomes for the health endpoint.
 *
 * <p>Meters: {@code slotstream.proposer.blocks.broadcast} (blocks sent on their own, i.e. all but
 * the last of a slot), {@code slotstream.proposer.checkpoints{status}} (how each proposer slot
 * ended), {@code slotstream.proposer.txs.included}, and the timer {@code
 * slotstream.proposer.broadcast.delay{kind=block|checkpoint}}: from the start of the sub-slot a
 * message was built in to its broadcast. Sub-slot starts come from the timetable, never from "now".
 */
public class ProposalTracker implements ProposalJobListener {
  private static final int REMEMBERED_SLOTS = 32;

  private final Timetable timetable;
  private final Clock clock;
  private final Counter blocksBroadcast;
  private final Counter txsIncluded;
  private final Map<ProposalStatus, Counter> checkpoints = new EnumMap<>(ProposalStatus.class);
  private final Timer blockDelay;
  private final Timer checkpointDelay;

  // Guarded by this.
  private final LinkedHashMap<SlotNumber, ProposalOutcome> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SlotNumber, ProposalOutcome> eldest) {
          return size() > REMEMBERED_SLOTS;
        }
      };
  private BlockProposal lastBlock;
  private Instant lastBlockAt;

  public ProposalTracker(Timetable timetable, Clock clock, MeterRegistry registry) {
    this.timetable = timetable;
    this.clock = clock;
    this.blocksBroadcast =
        Counter.builder("slotstream.proposer.blocks.broadcast")
            .description("Block proposals broadcast on their own (every block of a slot but the last)")
            .register(registry);
    this.txsIncluded =
        Counter.builder("slotstream.proposer.txs.included")
            .description("Txs in checkpoints this node proposed")
            .register(registry);
    for (ProposalStatus status : ProposalStatus.values()) {
      checkpoints.put(
          status,
          Counter.builder("slotstream.proposer.checkpoints")
              .description("Proposer slots by how they ended")
              .tag("status", status.name())
              .register(registry));
    }
    this.blockDelay = delayTimer(registry, "block");
    this.checkpointDelay = delayTimer(registry, "checkpoint");
  }

  private static Timer delayTimer(MeterRegistry registry, String kind) {
    return Timer.builder("slotstream.proposer.broadcast.delay")
        .description("From the start of the sub-slot a proposal was built in to its broadcast")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .register(registry);
  }

  @Override
  public void onBlockBroadcast(BlockProposal proposal, Instant at) {
    blocksBroadcast.increment();
    blockDelay.record(sinceSubSlotStart(proposal.slotNumber(), at));
    synchronized (this) {
      lastBlock = proposal;
      lastBlockAt = at;
    }
  }

  @Override
  public void onOutcome(ProposalOutcome outcome) {
    checkpoints.get(outcome.status()).increment();
    if (outcome.status() == ProposalStatus.PROPOSED) {
      txsIncluded.increment(outcome.txsIncluded());
      checkpointDelay.record(sinceSubSlotStart(outcome.slot(), clock.instant()));
    }
    synchronized (this) {
      recent.put(outcome.slot(), outcome);
    }
  }

  /**
   * The time since the start of the sub-slot {@code at} falls in. A restarted job numbers its
   * blocks from 0 in whatever sub-slot it starts, so the block index does not name the sub-slot.
   */
  Duration sinceSubSlotStart(SlotNumber slot, Instant at) {
    Instant first = timetable.blockStart(slot, 0);
    if (!at.isAfter(first)) {
      return Duration.ZERO;
    }
    Duration blockDuration = timetable.config().blockDuration();
    long index = Math.min(Duration.between(first, at).dividedBy(blockDuration), timetable.lastBlockIndex());
    return Duration.between(timetable.blockStart(slot, (int) index), at);
  }

  /** The outcome of a slot this node proposed in, if it is among the latest remembered. */
  public synchronized Optional<ProposalOutcome> outcome(SlotNumber slot) {
    return Optional.ofNullable(recent.get(slot));
  }

  /** The latest remembered outcomes, oldest first. */
  public synchronized List<ProposalOutcome> recentOutcomes() {
    return Collections.unmodifiableList(new ArrayList<>(recent.values()));
  }

  public synchronized Optional<ProposalOutcome> lastOutcome() {
    ProposalOutcome last = null;
    for (ProposalOutcome o : recent.values()) {
      last = o;
    }
    return Optional.ofNullable(last);
  }

  /** The slot of the latest PROPOSED checkpoint, if any is remembered. */
  public synchronized Optional<SlotNumber> lastProposedSlot() {
    SlotNumber last = null;
    for (ProposalOutcome o : recent.values()) {
      if (o.status() == ProposalStatus.PROPOSED) {
        last = o.slot();
      }
    }
    return Optional.ofNullable(last);
  }

  public synchronized Optional<BlockProposal> lastBlock() {
    return Optional.ofNullable(lastBlock);
  }

  public synchronized Optional<Instant> lastBlockAt() {
    return Optional.ofNullable(lastBlockAt);
  }
}
