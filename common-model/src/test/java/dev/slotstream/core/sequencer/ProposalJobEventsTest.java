package dev.slotstream.core.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.time.SubSlot;
import dev.slotstream.core.time.Timetable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The proposal job reports each broadcast with the sub-slot it built in and the instant it sent. */
class ProposalJobEventsTest {
  private final MbpsHarness h = new MbpsHarness();
  private final Timetable timetable = h.context.timetable();
  private final List<BlockBroadcast> blocks = new CopyOnWriteArrayList<>();
  private final List<CheckpointBroadcast> checkpoints = new CopyOnWriteArrayList<>();
  private final ProposalJobListener recorder =
      new ProposalJobListener() {
        @Override
        public void onBlockBroadcast(BlockBroadcast broadcast) {
          blocks.add(broadcast);
        }

        @Override
        public void onCheckpointBroadcast(CheckpointBroadcast broadcast) {
          checkpoints.add(broadcast);
        }
      };

  private ProposalOutcome runSlotFrom(Instant start) {
    h.txs(10).forEach(h.proposerPool::add);
    h.scheduler.advanceTo(start);
    CheckpointProposalJob job =
        h.proposerJob(MbpsHarness.SLOT, new InMemorySlashingProtector(), 2, true, recorder).start();
    h.scheduler.advanceTo(timetable.checkpointProposalDeadline(MbpsHarness.SLOT));
    return job.outcome().join();
  }

  @Test
  void shouldReportEachBlockWithTheSubSlotItWasBuiltInAndTheCheckpointWithTheLast() {
    ProposalOutcome outcome = runSlotFrom(timetable.slotStart(MbpsHarness.SLOT));

    assertThat(outcome.status()).isEqualTo(ProposalStatus.PROPOSED);
    List<SubSlot> subSlots = timetable.subSlots(MbpsHarness.SLOT);
    assertThat(blocks)
        .extracting(BlockBroadcast::subSlot)
        .containsExactlyElementsOf(subSlots.subList(0, 4));
    assertThat(blocks).extracting(b -> b.proposal().index()).containsExactly(0, 1, 2, 3);
    // The manual clock stands still while the job builds: each went out at its sub-slot's start.
    assertThat(blocks).allSatisfy(b -> assertThat(b.at()).isEqualTo(b.subSlot().start()));
    assertThat(checkpoints)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.subSlot()).isEqualTo(subSlots.get(4));
              assertThat(c.proposal()).isEqualTo(outcome.checkpoint().orElseThrow());
              assertThat(c.sinceSubSlotStart()).isZero();
            });
  }

  @Test
  void shouldNameTheSubSlotNotTheBlockIndexWhenTheJobStartsLate() {
    SubSlot second = timetable.subSlots(MbpsHarness.SLOT).get(1);
    Duration late = Duration.ofMillis(100);

    runSlotFrom(second.start().plus(late));

    BlockBroadcast first = blocks.get(0);
    assertThat(first.proposal().index()).isZero();
    assertThat(first.subSlot()).isEqualTo(second);
    assertThat(first.sinceSubSlotStart()).isEqualTo(late);
  }
}
