package dev.slotstream.proposer.sequencer;

import dev.slotstream.core.sequencer.BlockBroadcast;
import dev.slotstream.core.sequencer.BlockCutOff;
import dev.slotstream.core.sequencer.CheckpointBroadcast;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.time.RecentSlots;
import dev.slotstream.core.types.SlotNumber;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hears every proposal job of the node: counts and times each duty step, and remembers the latest
 * slots' outcomes for the health endpoint.
 *
 * <p>Meters: {@code slotstream.proposer.blocks.broadcast} (blocks sent on their own, i.e. all but
 * the last of a slot), {@code slotstream.proposer.checkpoints{status}} (how each proposer slot
 * ended), {@code slotstream.proposer.txs.included}, {@code
 * slotstream.proposer.blocks.cut-off{block=earlier|last}} (blocks that stopped taking txs at their
 * cutoff: the node builds slower than its measured pace, and a last block's cut-off saved its
 * checkpoint's deadline), and the timer {@code
 * slotstream.proposer.broadcast.delay{kind=block|checkpoint}}: from the start of the sub-slot a
 * message was built in to its broadcast, both as the job reports them (a block's broadcast is its
 * hand-over to the broadcaster, before the broker's ack; a checkpoint's is after its ack).
 */
public class ProposalTracker implements ProposalJobListener {
  private static final int REMEMBERED_SLOTS = 32;

  private final Counter blocksBroadcast;
  private final Counter txsIncluded;
  private final Counter earlierBlocksCutOff;
  private final Counter lastBlocksCutOff;
  private final Map<ProposalStatus, Counter> checkpoints = new EnumMap<>(ProposalStatus.class);
  private final Timer blockDelay;
  private final Timer checkpointDelay;

  // Guarded by this.
  private final RecentSlots<ProposalOutcome> recent = new RecentSlots<>(REMEMBERED_SLOTS);

  public ProposalTracker(MeterRegistry registry) {
    this.blocksBroadcast =
        Counter.builder("slotstream.proposer.blocks.broadcast")
            .description(
                "Block proposals broadcast on their own (every block of a slot but the last)")
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
    this.earlierBlocksCutOff = cutOffCounter(registry, "earlier");
    this.lastBlocksCutOff = cutOffCounter(registry, "last");
    this.blockDelay = delayTimer(registry, "block");
    this.checkpointDelay = delayTimer(registry, "checkpoint");
  }

  private static Counter cutOffCounter(MeterRegistry registry, String block) {
    return Counter.builder("slotstream.proposer.blocks.cut-off")
        .description(
            "Blocks that stopped taking txs at their cutoff (a checkpoint's last or earlier)")
        .tag("block", block)
        .register(registry);
  }

  private static Timer delayTimer(MeterRegistry registry, String kind) {
    return Timer.builder("slotstream.proposer.broadcast.delay")
        .description("From the start of the sub-slot a proposal was built in to its broadcast")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .register(registry);
  }

  @Override
  public void onBlockBroadcast(BlockBroadcast broadcast) {
    blocksBroadcast.increment();
    blockDelay.record(broadcast.sinceSubSlotStart());
  }

  @Override
  public void onBlockCutOff(BlockCutOff cutOff) {
    (cutOff.subSlot().last() ? lastBlocksCutOff : earlierBlocksCutOff).increment();
  }

  @Override
  public void onCheckpointBroadcast(CheckpointBroadcast broadcast) {
    checkpointDelay.record(broadcast.sinceSubSlotStart());
  }

  @Override
  public void onOutcome(ProposalOutcome outcome) {
    checkpoints.get(outcome.status()).increment();
    if (outcome.status() == ProposalStatus.PROPOSED) {
      txsIncluded.increment(outcome.txsIncluded());
    }
    synchronized (this) {
      recent.put(outcome.slot(), outcome);
    }
  }

  /** The outcome of a slot this node proposed in, if it is among the latest remembered. */
  public synchronized Optional<ProposalOutcome> outcome(SlotNumber slot) {
    return recent.get(slot);
  }

  public synchronized Optional<ProposalOutcome> lastOutcome() {
    return recent.latest();
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
}
