package dev.slotstream.proposer.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.sequencer.BlockBroadcast;
import dev.slotstream.core.sequencer.BlockCutOff;
import dev.slotstream.core.sequencer.CheckpointBroadcast;
import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.time.SubSlot;
import dev.slotstream.core.types.SlotNumber;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProposalTrackerTest {
  private static final MbpsHarness HARNESS = proposedSlot();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ProposalTracker tracker = new ProposalTracker(registry);

  private static MbpsHarness proposedSlot() {
    MbpsHarness h = new MbpsHarness();
    h.proposeSlot(MbpsHarness.SLOT, 1, true);
    return h;
  }

  private Timer delay(String kind) {
    return registry.get("slotstream.proposer.broadcast.delay").tag("kind", kind).timer();
  }

  private static ProposalOutcome outcome(long slot, ProposalStatus status) {
    return new ProposalOutcome(SlotNumber.of(slot), status, "", 5, 5, Optional.empty());
  }

  @Test
  void shouldTimeEachBroadcastFromTheStartOfTheSubSlotTheJobSaysItWasBuiltIn() {
    List<SubSlot> subSlots = HARNESS.context.timetable().subSlots(MbpsHarness.SLOT);
    BlockProposal block0 = HARNESS.blocksOf(MbpsHarness.SLOT).get(0);
    CheckpointProposal checkpoint = HARNESS.checkpointOf(MbpsHarness.SLOT);

    // Block 0 of a job restarted in sub-slot 2: the delay counts from sub-slot 2, not from block
    // 0's.
    tracker.onBlockBroadcast(
        new BlockBroadcast(block0, subSlots.get(2), subSlots.get(2).start().plusMillis(120)));
    tracker.onCheckpointBroadcast(
        new CheckpointBroadcast(
            checkpoint, subSlots.get(4), subSlots.get(4).start().plusMillis(200)));

    assertThat(delay("block").count()).isOne();
    assertThat(delay("block").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
    assertThat(delay("checkpoint").count()).isOne();
    assertThat(delay("checkpoint").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200);
    assertThat(registry.get("slotstream.proposer.blocks.broadcast").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldCountCutOffBlocksByWhetherTheyWereTheCheckpointsLast() {
    List<SubSlot> subSlots = HARNESS.context.timetable().subSlots(MbpsHarness.SLOT);
    SubSlot last = subSlots.get(subSlots.size() - 1);
    tracker.onBlockCutOff(new BlockCutOff(subSlots.get(1), subSlots.get(1).deadline(), 40, 90));
    tracker.onBlockCutOff(new BlockCutOff(last, last.start().plusMillis(400), 24, 200));
    tracker.onBlockCutOff(new BlockCutOff(last, last.start().plusMillis(400), 0, 10));

    assertThat(cutOff("earlier")).isEqualTo(1);
    assertThat(cutOff("last")).isEqualTo(2);
  }

  private double cutOff(String block) {
    return registry.get("slotstream.proposer.blocks.cut-off").tag("block", block).counter().count();
  }

  @Test
  void shouldRememberTheNewestSlotsAndReportTheHighestAsTheLast() {
    for (long slot = 1; slot <= 40; slot++) {
      tracker.onOutcome(
          outcome(slot, slot % 2 == 0 ? ProposalStatus.PROPOSED : ProposalStatus.LATE));
    }
    tracker.onOutcome(outcome(3, ProposalStatus.PROPOSED)); // a late report for a long-gone slot

    assertThat(tracker.outcome(SlotNumber.of(8))).isEmpty();
    assertThat(tracker.outcome(SlotNumber.of(9)))
        .map(ProposalOutcome::status)
        .contains(ProposalStatus.LATE);
    assertThat(tracker.outcome(SlotNumber.of(3))).isEmpty();
    assertThat(tracker.lastOutcome()).map(ProposalOutcome::slot).contains(SlotNumber.of(40));
    assertThat(tracker.lastProposedSlot()).contains(SlotNumber.of(40));
    assertThat(
            registry
                .get("slotstream.proposer.checkpoints")
                .tag("status", "PROPOSED")
                .counter()
                .count())
        .isEqualTo(21);
    assertThat(registry.get("slotstream.proposer.txs.included").counter().count())
        .isEqualTo(21 * 5);
  }
}
