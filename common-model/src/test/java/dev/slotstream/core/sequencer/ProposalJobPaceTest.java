package dev.slotstream.core.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.duty.SteppingClock;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.time.SubSlot;
import dev.slotstream.core.time.Timetable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The proposal job against the clock: blocks sized to the time left, late sub-slots skipped. */
class ProposalJobPaceTest {
  private final MbpsHarness h = new MbpsHarness();
  private final Timetable timetable = h.context.timetable();
  private final SigningKey key = h.network.proposerKey(MbpsHarness.SLOT);

  private CheckpointProposalJob job(Executor executor, BuildPace pace) {
    return job(executor, pace, h.proposerConfig(key, 256, true));
  }

  private CheckpointProposalJob job(
      Executor executor, BuildPace pace, DutyScheduler scheduler, ProposalJobListener listener) {
    return job(executor, pace, h.proposerConfig(key, 256, true), scheduler, listener);
  }

  private CheckpointProposalJob job(Executor executor, BuildPace pace, ProposerConfig config) {
    return job(executor, pace, config, h.scheduler, ProposalJobListener.NONE);
  }

  private CheckpointProposalJob job(
      Executor executor,
      BuildPace pace,
      ProposerConfig config,
      DutyScheduler scheduler,
      ProposalJobListener listener) {
    return new CheckpointProposalJob(
        new ProposerDependencies(
            h.context,
            h.proposerChain,
            h.checkpointsBuilder(),
            h.proposerPool,
            new InMemorySlashingProtector(),
            scheduler,
            executor,
            h.capturingBroadcaster(),
            listener),
        MbpsHarness.SLOT,
        key,
        config,
        pace);
  }

  @Test
  void shouldSizeEachBlockToTheTimeItsSubSlotHasLeftAndStillProposeTheCheckpoint() {
    h.txs(600).forEach(h.proposerPool::add);
    BuildPace pace = BuildPace.adaptive(Duration.ofMillis(10));
    Duration block = timetable.subSlots(MbpsHarness.SLOT).get(0).duration();
    int fits = (int) (block.toNanos() * BuildPace.BUDGET_SHARE / Duration.ofMillis(10).toNanos());
    h.scheduler.advanceTo(timetable.slotStart(MbpsHarness.SLOT));

    CheckpointProposalJob job = job(Runnable::run, pace).start();
    h.scheduler.advanceTo(timetable.checkpointProposalDeadline(MbpsHarness.SLOT));

    ProposalOutcome outcome = job.outcome().join();
    assertThat(outcome.status()).isEqualTo(ProposalStatus.PROPOSED);
    assertThat(fits).isLessThan(256);
    // The manual clock stands still while building, so each block gets its whole sub-slot; the
    // pace measured on these fast builds only lowers the per-tx cost, raising the later limits.
    assertThat(h.blocks.get(0).payload().txHashes()).hasSize(fits);
    assertThat(outcome.txsIncluded()).isGreaterThan(fits).isLessThanOrEqualTo(600);
  }

  @Test
  void shouldStopTakingTxsOnceTheCheckpointHoldsItsMaximum() {
    h.txs(600).forEach(h.proposerPool::add);
    ProposerConfig base = h.proposerConfig(key, 100, true);
    ProposerConfig capped =
        new ProposerConfig(
            base.coinbase(), base.feeRecipient(), base.gasFees(), base.limits(), true, 250);
    h.scheduler.advanceTo(timetable.slotStart(MbpsHarness.SLOT));

    CheckpointProposalJob job = job(Runnable::run, BuildPace.unlimited(), capped).start();
    h.scheduler.advanceTo(timetable.checkpointProposalDeadline(MbpsHarness.SLOT));

    ProposalOutcome outcome = job.outcome().join();
    assertThat(outcome.status()).isEqualTo(ProposalStatus.PROPOSED);
    assertThat(outcome.txsIncluded()).isEqualTo(250);
    // 100 + 100 + 50 (blocks of at most 100), then nothing: the rest waits for the next slot.
    List<Integer> sizes = new ArrayList<>();
    h.blocks.forEach(b -> sizes.add(b.payload().txHashes().size())); // the checkpoint's last too
    assertThat(sizes).startsWith(100, 100, 50).allMatch(n -> n <= 100);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(250);
  }

  @Test
  void shouldSkipTheSubSlotsWhoseBuildStartsAfterTheyEnded() {
    h.txs(20).forEach(h.proposerPool::add);
    Queue<Runnable> queued = new ArrayDeque<>();
    List<SubSlot> subSlots = timetable.subSlots(MbpsHarness.SLOT);
    h.scheduler.advanceTo(timetable.slotStart(MbpsHarness.SLOT));
    CheckpointProposalJob job = job(queued::add, BuildPace.unlimited()).start();

    // The job's thread is busy until sub-slot 2 starts: builds 0, 1 and 2 wait in its queue.
    h.scheduler.advanceTo(subSlots.get(2).start());
    drain(queued);
    h.txs(10).forEach(h.proposerPool::add);
    for (SubSlot later : subSlots.subList(3, subSlots.size())) {
      h.scheduler.advanceTo(later.start());
      drain(queued);
    }

    assertThat(job.outcome().join().status()).isEqualTo(ProposalStatus.PROPOSED);
    // Sub-slots 0 and 1 were over when their builds ran: the first block is sub-slot 2's.
    assertThat(h.blocksOf(MbpsHarness.SLOT)).extracting(BlockProposal::index).containsExactly(0, 1);
    assertThat(h.blockBroadcastTimes)
        .containsExactly(subSlots.get(2).start(), subSlots.get(3).start());
    assertThat(h.blocks.get(0).payload().txHashes()).hasSize(20);
    assertThat(h.checkpoints)
        .singleElement()
        .satisfies(c -> assertThat(c.lastBlockIndex()).isEqualTo(1));
  }

  @Test
  void aLastSubSlotStartedWithLessThanABlocksMinimumShouldCloseOnTheBlocksAlreadyBuilt() {
    h.txs(20).forEach(h.proposerPool::add);
    Queue<Runnable> queued = new ArrayDeque<>();
    List<SubSlot> subSlots = timetable.subSlots(MbpsHarness.SLOT);
    h.scheduler.advanceTo(timetable.slotStart(MbpsHarness.SLOT));
    CheckpointProposalJob job =
        job(queued::add, BuildPace.adaptive(Duration.ofNanos(50_000))).start();
    for (SubSlot subSlot : subSlots.subList(0, subSlots.size() - 1)) {
      h.scheduler.advanceTo(subSlot.start());
      drain(queued);
    }
    h.txs(10).forEach(h.proposerPool::add);

    // The job's thread is busy until less than a block's minimum is left before the deadline.
    Duration minimum = timetable.config().minBlockDuration();
    h.scheduler.advanceTo(
        timetable.checkpointProposalDeadline(MbpsHarness.SLOT).minus(minimum).plusMillis(1));
    drain(queued);

    ProposalOutcome outcome = job.outcome().join();
    assertThat(outcome.status()).isEqualTo(ProposalStatus.PROPOSED);
    assertThat(outcome.txsIncluded()).isEqualTo(20);
    // No new block: the checkpoint's last block is the one broadcast in sub-slot 0.
    assertThat(h.blocksOf(MbpsHarness.SLOT)).extracting(BlockProposal::index).containsExactly(0);
    assertThat(h.checkpoints)
        .singleElement()
        .satisfies(c -> assertThat(c.lastBlockIndex()).isZero());
    assertThat(h.proposerPool.size()).isEqualTo(30);
  }

  @Test
  void aLastBlockThatBuildsSlowlyShouldStopInTimeForTheCheckpointDeadline() {
    List<SubSlot> subSlots = timetable.subSlots(MbpsHarness.SLOT);
    SubSlot last = subSlots.get(subSlots.size() - 1);
    Instant deadline = timetable.checkpointProposalDeadline(MbpsHarness.SLOT);
    // From the last sub-slot on, every read of the job's clock is 16 ms later: 200 txs would take
    // 3.2 s, four times the sub-slot, and the checkpoint would miss its deadline.
    SlowBuildScheduler slow = new SlowBuildScheduler(h.scheduler, Duration.ofMillis(16));
    h.scheduler.advanceTo(timetable.slotStart(MbpsHarness.SLOT));
    List<BlockCutOff> cutOffs = new ArrayList<>();
    ProposalJobListener listener =
        new ProposalJobListener() {
          @Override
          public void onBlockCutOff(BlockCutOff cutOff) {
            cutOffs.add(cutOff);
          }
        };
    CheckpointProposalJob job =
        job(Runnable::run, BuildPace.adaptive(Duration.ofNanos(1)), slow, listener).start();
    h.scheduler.advanceTo(subSlots.get(subSlots.size() - 2).start());
    h.txs(200).forEach(h.proposerPool::add);
    slow.start();
    h.scheduler.advanceTo(last.start());

    ProposalOutcome outcome = job.outcome().join();
    assertThat(outcome.status()).isEqualTo(ProposalStatus.PROPOSED);
    Instant cutoff = last.start().plus(Duration.between(last.start(), deadline).dividedBy(2));
    assertThat(h.checkpoints).hasSize(1);
    int inLast = h.checkpoints.get(0).lastBlock().payload().txHashes().size();
    // One read before each tx until the cutoff, halfway to the deadline: 400 ms / 16 ms.
    assertThat(inLast).isBetween(23, 25);
    assertThat(outcome.txsIncluded()).isEqualTo(inLast);
    assertThat(cutOffs)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.subSlot()).isEqualTo(last);
              assertThat(c.cutoff()).isEqualTo(cutoff);
              assertThat(c.includedTxs()).isEqualTo(inLast);
              assertThat(c.selectedTxs()).isEqualTo(200);
            });
    assertThat(slow.clock().instant()).isBefore(deadline);
    assertThat(h.proposerPool.size()).isEqualTo(200);
  }

  @Test
  void theLastBlockShouldTakeNoMoreTxsThanItsBudgetExecutes() {
    List<SubSlot> subSlots = timetable.subSlots(MbpsHarness.SLOT);
    ProposerConfig base = h.proposerConfig(key, 256, true);
    ProposerConfig budgeted =
        new ProposerConfig(
            base.coinbase(),
            base.feeRecipient(),
            base.gasFees(),
            base.limits(),
            true,
            Integer.MAX_VALUE,
            Optional.of(Duration.ofMillis(30)));
    h.scheduler.advanceTo(timetable.slotStart(MbpsHarness.SLOT));

    // 1 ms per tx, and only empty blocks before the last: the pace keeps that slope.
    CheckpointProposalJob job =
        job(Runnable::run, BuildPace.adaptive(Duration.ofMillis(1)), budgeted);
    job.start();
    h.scheduler.advanceTo(subSlots.get(subSlots.size() - 2).start());
    h.txs(200).forEach(h.proposerPool::add);
    h.scheduler.advanceTo(timetable.checkpointProposalDeadline(MbpsHarness.SLOT));

    ProposalOutcome outcome = job.outcome().join();
    assertThat(outcome.status()).isEqualTo(ProposalStatus.PROPOSED);
    // Without the budget the last block would take a quarter of its 800 ms at 1 ms per tx.
    assertThat(h.checkpoints.get(0).lastBlock().payload().txHashes()).hasSize(30);
    assertThat(outcome.txsIncluded()).isEqualTo(30);
  }

  @Test
  void paceShouldSayHowManyTxsItExecutesWithinABudget() {
    BuildPace pace = BuildPace.adaptive(Duration.ofMillis(1));
    assertThat(pace.maxTxsWithin(1024, Duration.ofMillis(30))).isEqualTo(30);
    assertThat(pace.maxTxsWithin(20, Duration.ofMillis(30))).isEqualTo(20);
    assertThat(pace.maxTxsWithin(1024, Duration.ZERO)).isZero();
    // Blocks that took twice the line (1 ms per tx, 100 ms fixed): half as many, and the fixed
    // part is not charged to the budget.
    for (int txs : new int[] {100, 200, 50, 150}) {
      pace.record(txs, Duration.ofMillis(100 + txs).toNanos());
    }
    for (int txs : new int[] {100, 200, 50, 150}) {
      pace.record(txs, Duration.ofMillis(2 * (100 + txs)).toNanos());
    }
    assertThat(pace.slowdown()).isGreaterThan(1.5);
    double expected = 30e6 / pace.slowdown() / pace.perTx().toNanos();
    assertThat((double) pace.maxTxsWithin(1024, Duration.ofMillis(30)))
        .isCloseTo(expected, within(1.0));
    assertThat(pace.maxTxsWithin(1024, Duration.ofMillis(30))).isLessThan(30);
    assertThat(BuildPace.unlimited().maxTxsWithin(1024, Duration.ZERO)).isEqualTo(1024);
  }

  /** The harness's scheduler, on a clock that steps at every read once started. */
  private static final class SlowBuildScheduler implements DutyScheduler {
    private final ManualDutyScheduler base;
    private final SteppingClock clock;

    SlowBuildScheduler(ManualDutyScheduler base, Duration step) {
      this.base = base;
      this.clock = new SteppingClock(base::instant, step);
    }

    void start() {
      clock.startStepping();
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public CompletableFuture<Void> at(Instant at, Runnable task) {
      return base.at(at, task);
    }
  }

  private static void drain(Queue<Runnable> queued) {
    while (!queued.isEmpty()) {
      queued.poll().run();
    }
  }

  @Test
  void paceShouldSplitABlocksTimeIntoAFixedPartAndAPartPerTx() {
    BuildPace pace = BuildPace.adaptive(Duration.ofNanos(50_000));
    assertThat(pace.maxTxs(1024, Duration.ofMillis(800))).isEqualTo(1024);

    // Blocks that take 20 ms + 1 ms per tx, of varied sizes: the line is found exactly.
    for (int txs : new int[] {100, 50, 200, 10, 120}) {
      pace.record(txs, Duration.ofMillis(20 + txs).toNanos());
    }
    assertThat(pace.fixed().toNanos()).isCloseTo(20_000_000L, within(1_000L));
    assertThat(pace.perTx().toNanos()).isCloseTo(1_000_000L, within(1_000L));
    // Half of 800 ms, less the fixed 20 ms, at 1 ms per tx.
    assertThat(pace.maxTxs(1024, Duration.ofMillis(800))).isBetween(379, 380);
    assertThat(pace.maxTxs(1024, Duration.ofMillis(40))).isZero(); // the fixed part fills it
    assertThat(pace.maxTxs(1024, Duration.ZERO)).isZero();
    assertThat(pace.maxTxs(1024, Duration.ofMillis(-5))).isZero();
    assertThat(BuildPace.unlimited().maxTxs(1024, Duration.ZERO)).isEqualTo(1024);
  }

  @Test
  void smallSlowBlocksShouldRaiseTheFixedCostAndNotShrinkTheNextBlocks() {
    // What bin/load showed with 200 ms blocks: 0.4 ms per tx, then blocks of 2 txs that took 78
    // ms each (the pool's selection and the state roots, on a starved machine). Charged per tx
    // that was 39 ms per tx, and every later block was limited to 1–2 txs.
    BuildPace pace = BuildPace.adaptive(Duration.ofNanos(400_000));
    for (int i = 0; i < 10; i++) {
      pace.record(2, Duration.ofMillis(78).toNanos());
    }
    assertThat(pace.perTx()).isEqualTo(Duration.ofNanos(400_000));
    assertThat(pace.fixed().toMillis()).isEqualTo(77);
    // A 200 ms sub-slot: (100 ms - 77.2 ms) / 0.4 ms.
    assertThat(pace.maxTxs(1024, Duration.ofMillis(200))).isEqualTo(57);

    // Empty blocks measure the fixed cost too; a block faster than the line lowers the slope.
    pace.record(0, Duration.ofMillis(10).toNanos());
    assertThat(pace.fixed()).isLessThan(Duration.ofMillis(77));
    BuildPace fast = BuildPace.adaptive(Duration.ofMillis(5));
    fast.record(100, Duration.ofMillis(100).toNanos());
    assertThat(fast.fixed()).isZero();
    assertThat(fast.perTx()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void noisyBlocksOfAColdNetworkShouldNotStarveTheBlocksAfterThem() {
    // The first blocks of bin/load at 1,000 tx/s on the 2 s / 200 ms timetable, on a cold network:
    // every block took 70–170 ms whatever its size. Fitted by least squares that read as 5–11 ms
    // per tx, and every later block was limited to 0–4 txs while the pool filled.
    BuildPace pace = BuildPace.adaptive(Duration.ofNanos(50_000));
    int[][] blocks = {
      {0, 172}, {16, 133}, {0, 96}, {4, 112}, {2, 99}, {3, 101}, {0, 78}, {2, 100}, {0, 70}, {1, 96}
    };
    for (int[] b : blocks) {
      pace.record(b[0], Duration.ofMillis(b[1]).toNanos());
    }
    // Sizes a few txs apart fit no slope; the fixed part is the fastest block, not the mean.
    assertThat(pace.perTx()).isEqualTo(Duration.ofNanos(50_000));
    assertThat(pace.fixed()).isEqualTo(Duration.ofMillis(70));
    // (100 ms - 70 ms) / 0.05 ms.
    assertThat(pace.maxTxs(1024, Duration.ofMillis(200))).isEqualTo(600);

    // Once warm, blocks of varied size fit the line again, and the slow start is forgotten.
    for (int txs : new int[] {600, 300, 500, 200, 600, 400, 100, 550}) {
      pace.record(txs, Duration.ofMillis(5).toNanos() + txs * 60_000L);
    }
    assertThat(pace.perTx().toNanos()).isCloseTo(60_000L, within(10L));
    assertThat(pace.fixed().toNanos()).isCloseTo(5_000_000L, within(1_000L));
  }

  @Test
  void blocksSlowerThanTheLineUnderLoadShouldShrinkTheNextOnes() {
    // What bin/load showed at 2,000 tx/s: one block had a core to itself (1,024 txs in 53 ms, the
    // line's 52 µs per tx), the others took ~4.7 times that, and the blocks sized by the line
    // overran their sub-slots until the checkpoint missed its deadline.
    BuildPace pace = BuildPace.adaptive(Duration.ofNanos(52_000));
    pace.record(1024, 1024 * 52_000L);
    assertThat(pace.slowdown()).isEqualTo(1.0);
    assertThat(pace.maxTxs(1024, Duration.ofMillis(200))).isEqualTo(1024); // 1,923 fit
    int[] sizes = {1024, 741, 776, 893, 1024, 546, 399};
    for (int txs : sizes) {
      pace.record(txs, Math.round(txs * 52_000L * 4.7));
    }
    assertThat(pace.perTx()).isEqualTo(Duration.ofNanos(52_000));
    assertThat(pace.fixed()).isZero();
    assertThat(pace.slowdown()).isCloseTo(4.7, within(0.01));
    // 100 ms of budget at 4.7 × 52 µs per tx.
    assertThat(pace.maxTxs(1024, Duration.ofMillis(200))).isEqualTo(409);
    assertThat(pace.maxTxsInLastBlock(1024, Duration.ofMillis(200))).isEqualTo(204);

    // Blocks below the floor are noise, not load: they leave the ratio alone.
    BuildPace cold = BuildPace.adaptive(Duration.ofNanos(52_000));
    for (int i = 0; i < BuildPace.WINDOW; i++) {
      cold.record(4, Duration.ofMillis(90).toNanos());
    }
    assertThat(cold.slowdown()).isEqualTo(1.0);

    // Once blocks take their predicted time again, the ratio falls back with the window.
    for (int i = 0; i < BuildPace.WINDOW; i++) {
      pace.record(sizes[i % sizes.length], sizes[i % sizes.length] * 52_000L);
    }
    assertThat(pace.slowdown()).isEqualTo(1.0);
  }

  @Test
  void aSlopeTooHighShouldStillLetABlockTakeEnoughTxsToCorrectIt() {
    BuildPace pace = BuildPace.adaptive(Duration.ofMillis(5));
    // 100 ms of budget at 5 ms per tx fits 20 txs; the block takes the floor instead.
    assertThat(pace.maxTxs(1024, Duration.ofMillis(200))).isEqualTo(BuildPace.MIN_BLOCK_TXS);
    // Those 32 txs took 8 ms, far under the line: the slope falls to what they showed.
    pace.record(BuildPace.MIN_BLOCK_TXS, Duration.ofMillis(8).toNanos());
    assertThat(pace.perTx()).isEqualTo(Duration.ofNanos(250_000));
    assertThat(pace.maxTxs(1024, Duration.ofMillis(200))).isEqualTo(400);
    // No floor when the fixed part takes more than half of what the block may use.
    BuildPace slow = BuildPace.adaptive(Duration.ofMillis(5));
    slow.record(0, Duration.ofMillis(60).toNanos());
    assertThat(slow.maxTxs(1024, Duration.ofMillis(200))).isEqualTo(8);
  }

  @Test
  void aBlockShouldStopAtItsSubSlotsEndAndTheLastHalfwayToTheDeadline() {
    BuildPace pace = BuildPace.adaptive(Duration.ofMillis(1));
    Instant now = Instant.parse("2026-12-05T00:00:00Z");
    Instant end = now.plusMillis(200);
    assertThat(pace.cutoff(now, end, false)).isEqualTo(end);
    assertThat(pace.cutoff(now, end, true)).isEqualTo(now.plusMillis(100));
    assertThat(pace.cutoff(end.plusMillis(5), end, true)).isEqualTo(end);
    assertThat(BuildPace.unlimited().cutoff(now, end, true)).isEqualTo(Instant.MAX);
  }

  @Test
  void theLastBlockShouldTakeAQuarterOfWhatIsLeftAndNoFloor() {
    BuildPace pace = BuildPace.adaptive(Duration.ofMillis(1));
    // 200 ms before the checkpoint proposal deadline: an earlier block would take 100 ms of it,
    // the last one 50 ms.
    assertThat(pace.maxTxs(1024, Duration.ofMillis(200))).isEqualTo(100);
    assertThat(pace.maxTxsInLastBlock(1024, Duration.ofMillis(200))).isEqualTo(50);
    // 20 ms left: an earlier block takes the 32-tx floor, the last one only what fits.
    assertThat(pace.maxTxs(1024, Duration.ofMillis(20))).isEqualTo(BuildPace.MIN_BLOCK_TXS);
    assertThat(pace.maxTxsInLastBlock(1024, Duration.ofMillis(20))).isEqualTo(5);
    assertThat(pace.maxTxsInLastBlock(1024, Duration.ZERO)).isZero();
    assertThat(BuildPace.unlimited().maxTxsInLastBlock(1024, Duration.ZERO)).isEqualTo(1024);
  }
}
