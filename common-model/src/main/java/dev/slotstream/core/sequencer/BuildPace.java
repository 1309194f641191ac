package dev.slotstream.core.sequencer;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * How long this proposer takes to build a block, as a fixed cost per block plus a cost per tx, fitted
 * to its own last {@link #WINDOW} blocks (select + execute + sign, wall clock): the proposal job
 * sizes each block to what fits in the time its sub-slot has left.
 *
 * <p>Why: a block has a fixed tx cap, but the time a tx takes depends on the machine. Under load
 * (measured with bin/load at 300–500 tx/s on a busy 2-core machine), full 1,024-tx blocks took
 * seconds each, longer than their 0.8 s sub-slots; the job's serial queue fell behind, the last
 * block finished after the checkpoint deadline and every slot ended LATE, its txs back in the pool
 * for the next slot to build the same way: nothing became final. Smaller blocks that end on time
 * keep the slot's checkpoint, so the txs that fit become final and the rest wait one slot.
 *
 * <p>Why a fixed part: a block costs time whatever its size (the pool's selection walks every
 * sender, the state roots, the signature). Charged per tx, as an average of time over txs, that
 * cost made a small block look slow per tx, so the next block was smaller still: with 200 ms
 * blocks under 1,000 tx/s (bin/load), blocks shrank to 1–2 txs at a measured "39 ms per tx" while
 * the pool held thousands.
 *
 * <p>Why the fixed part is the window's fastest block and the slope needs blocks of varied size: on
 * a machine shared by several JVMs a block's wall time is its work plus whatever the scheduler and
 * the collector add, tens of milliseconds at random, and that noise only ever adds. Fitted by least
 * squares on the first blocks of a cold network (empty blocks of 70–170 ms, blocks of 2–16 txs of
 * 100 ms, bin/load at 1,000 tx/s on the 2 s / 200 ms timetable), it read as 0.17 s per block and
 * 5–11 ms per tx, so every later block was limited to 0–4 txs while the pool filled to its cap: a
 * network that carries 2,000 tx/s once warm included 69 txs in a minute. So the fixed part is the
 * lower envelope of the window (its smallest residual), a slope is fitted only over blocks whose
 * sizes differ by tens of txs, and a block with most of its budget left takes at least {@link
 * #MIN_BLOCK_TXS}, so that a slope too high is measured, and corrected, by the next blocks.
 *
 * <p>Why a slowdown on top of the line: the lower envelope is what a block costs when it has a core
 * to itself, and under sustained load it rarely does. At 2,000 tx/s on the 2 s / 200 ms timetable
 * (bin/load, seven JVMs on two cores) the line read 52 µs per tx and no fixed part while blocks of
 * 741–1,024 txs took 200–270 ms (~4.7× the line): they overran their sub-slots, the last block
 * finished after the checkpoint deadline, and 10 of ~60 slots ended LATE, every block of them
 * executed by five nodes for nothing. So the sizing divides the time by the window's median ratio
 * of a block's measured time to the line's, over blocks of at least {@link #MIN_BLOCK_TXS} txs (a
 * few-tx block's time is noise, which the fixed part already absorbs).
 *
 * <p>Thread-safe (one proposer's jobs may overlap at a slot boundary).
 */
public final class BuildPace {
  /** The share of the time left that block building may use; the rest covers broadcast, GC. */
  static final double BUDGET_SHARE = 0.5;

  /** The share of the time left before the checkpoint proposal deadline the last block may use. */
  static final double LAST_BLOCK_BUDGET_SHARE = 0.25;

  /**
   * The share of the time left before the checkpoint proposal deadline after which the last block
   * stops taking txs; the rest is for sealing it and completing, signing and sending the checkpoint.
   */
  static final double LAST_BLOCK_CUTOFF_SHARE = 0.5;

  /** How many recent blocks the fit looks at: one 2 s slot of 200 ms blocks. */
  static final int WINDOW = 8;

  /**
   * A slope is fitted only when the window's block sizes have at least this standard deviation (in
   * txs) and {@link #MIN_RELATIVE_SPREAD} of their mean: blocks a few txs apart cannot tell a cost
   * of ~0.1 ms per tx from tens of milliseconds of scheduling noise.
   */
  static final double MIN_SPREAD_TXS = 16;

  private static final double MIN_RELATIVE_SPREAD = 0.1;

  /** The fewest txs a block may take when its fixed part leaves at least half its budget. */
  static final int MIN_BLOCK_TXS = 32;

  private final boolean adaptive;
  private double fixedNanos;
  private double nanosPerTx;
  private final int[] windowTxs = new int[WINDOW];
  private final long[] windowNanos = new long[WINDOW];
  private int recorded;
  private double slowdown = 1;

  private BuildPace(boolean adaptive, double initialNanosPerTx) {
    this.adaptive = adaptive;
    this.nanosPerTx = initialNanosPerTx;
  }

  /**
   * Starts from {@code initialPerTx} and no fixed cost (an optimistic guess: the first measured
   * blocks correct it) and then follows the measurements.
   */
  public static BuildPace adaptive(Duration initialPerTx) {
    return new BuildPace(true, initialPerTx.toNanos());
  }

  /** Never limits a block by time: every block takes up to its configured cap. */
  public static BuildPace unlimited() {
    return new BuildPace(false, 0);
  }

  /**
   * The most txs that fit in {@code left}, at most {@code cap}: 0 when no time is left beyond the
   * fixed part, and at least {@link #MIN_BLOCK_TXS} when the fixed part leaves half the budget.
   */
  public synchronized int maxTxs(int cap, Duration left) {
    return maxTxs(cap, left, BUDGET_SHARE, MIN_BLOCK_TXS);
  }

  /**
   * The most txs the checkpoint's last block may take in {@code left} (until the checkpoint
   * proposal deadline): {@link #LAST_BLOCK_BUDGET_SHARE} of it and no floor. A block that overruns
   * an earlier sub-slot costs the sub-slots it pushes back; the last one, past the deadline, costs
   * the whole checkpoint (the job ends LATE and every block of the slot goes back to the pool). On
   * the 2 s / 200 ms timetable under bin/load, 4 of 13 LATE slots missed that deadline by 5–8 ms.
   */
  public synchronized int maxTxsInLastBlock(int cap, Duration left) {
    return maxTxs(cap, left, LAST_BLOCK_BUDGET_SHARE, 0);
  }

  /**
   * The most txs, at most {@code cap}, whose execution at this pace (the fitted cost per tx times
   * the window's slowdown) takes {@code budget}: what bounds the checkpoint's last block to the
   * proposer's {@link ProposerConfig#lastBlockBudget()}. The validators execute it at about the
   * proposer's pace (the same engine on the same kind of machine) after the checkpoint proposal
   * arrives. {@code cap} for a pace that does not limit blocks by time.
   */
  public synchronized int maxTxsWithin(int cap, Duration budget) {
    if (!adaptive) {
      return cap;
    }
    double fits = Math.floor(budget.toNanos() / slowdown / Math.max(1.0, nanosPerTx));
    return (int) Math.min(cap, fits);
  }

  /**
   * When a block built from {@code now} until {@code end} stops taking txs, whatever its size: at
   * {@code end} for a block whose sub-slot ends there, and {@link #LAST_BLOCK_CUTOFF_SHARE} of the
   * way for the checkpoint's last block. Sizing by the pace keeps blocks inside their time as a
   * rule; the cutoff bounds the exceptions. At 2,000 tx/s on the 2 s / 200 ms timetable (bin/load),
   * a 157 ms collector pause in one block or a last block of 286–386 txs that took 200–285 ms made
   * the checkpoint miss its deadline by 1–85 ms, and the whole slot was lost for its last block.
   * Never, for a pace that does not limit blocks by time.
   */
  public Instant cutoff(Instant now, Instant end, boolean lastBlock) {
    if (!adaptive) {
      return Instant.MAX;
    }
    if (!lastBlock || !now.isBefore(end)) {
      return end;
    }
    long nanos = Duration.between(now, end).toNanos();
    return now.plusNanos((long) (nanos * LAST_BLOCK_CUTOFF_SHARE));
  }

  private int maxTxs(int cap, Duration left, double share, int floor) {
    if (!adaptive) {
      return cap;
    }
    if (left.isNegative() || left.isZero()) {
      return 0;
    }
    double budget = left.toNanos() * share / slowdown - fixedNanos;
    if (budget <= 0) {
      return 0;
    }
    double fits = Math.floor(budget / Math.max(1.0, nanosPerTx));
    if (fixedNanos <= left.toNanos() * share / 2) {
      fits = Math.max(floor, fits);
    }
    return (int) Math.min(cap, fits);
  }

  /**
   * One block built with {@code txs} txs (candidates handed to the builder, possibly none) in
   * {@code nanos}.
   */
  public synchronized void record(int txs, long nanos) {
    if (!adaptive || txs < 0 || nanos <= 0) {
      return;
    }
    windowTxs[recorded % WINDOW] = txs;
    windowNanos[recorded % WINDOW] = nanos;
    recorded++;
    int n = Math.min(recorded, WINDOW);
    double meanTxs = 0;
    double meanNanos = 0;
    for (int i = 0; i < n; i++) {
      meanTxs += windowTxs[i];
      meanNanos += windowNanos[i];
    }
    meanTxs /= n;
    meanNanos /= n;
    double variance = 0;
    double covariance = 0;
    for (int i = 0; i < n; i++) {
      variance += (windowTxs[i] - meanTxs) * (windowTxs[i] - meanTxs);
      covariance += (windowTxs[i] - meanTxs) * (windowNanos[i] - meanNanos);
    }
    variance /= n;
    covariance /= n;
    double spread = Math.sqrt(variance);
    if (spread >= MIN_SPREAD_TXS && spread >= MIN_RELATIVE_SPREAD * meanTxs) {
      double slope = covariance / variance;
      if (slope > 0) {
        nanosPerTx = slope;
      }
    }
    // A block faster than the slope allows at its size (a negative residual) means the slope is
    // too high: it drops to that block's time per tx, the fastest the window has shown.
    if (lowestResidual(n) < 0) {
      double fastest = Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        if (windowTxs[i] > 0) {
          fastest = Math.min(fastest, (double) windowNanos[i] / windowTxs[i]);
        }
      }
      nanosPerTx = fastest;
    }
    fixedNanos = Math.max(0, lowestResidual(n));
    slowdown = medianSlowdown(n);
  }

  /** The median of measured / predicted time over the window's blocks of at least the floor. */
  private double medianSlowdown(int n) {
    double[] ratios = new double[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      double predicted = fixedNanos + nanosPerTx * windowTxs[i];
      if (windowTxs[i] >= MIN_BLOCK_TXS && predicted > 0) {
        ratios[m++] = windowNanos[i] / predicted;
      }
    }
    if (m == 0) {
      return 1;
    }
    Arrays.sort(ratios, 0, m);
    return Math.max(1, ratios[m / 2]);
  }

  private double lowestResidual(int n) {
    double lowest = Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      lowest = Math.min(lowest, windowNanos[i] - nanosPerTx * windowTxs[i]);
    }
    return lowest;
  }

  /** The fitted cost of each tx. */
  public synchronized Duration perTx() {
    return Duration.ofNanos((long) nanosPerTx);
  }

  /** How many times the line's prediction recent blocks of some size took (at least 1). */
  public synchronized double slowdown() {
    return slowdown;
  }

  /** The fitted cost of a block, whatever its size. */
  public synchronized Duration fixed() {
    return Duration.ofNanos((long) fixedNanos);
  }
}
