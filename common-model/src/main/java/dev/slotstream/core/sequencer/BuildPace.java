package dev.slotstream.core.sequencer;

import java.time.Duration;

/**
 * How long this proposer takes to build a block, per tx, measured on its own recent blocks (an
 * exponential moving average of select + execute + sign, wall clock): the proposal job sizes each
 * block to what fits in the time its sub-slot has left.
 *
 * <p>Why: a block has a fixed tx cap, but the time a tx takes depends on the machine. Under load
 * (measured with bin/load at 300–500 tx/s on a busy 2-core machine), full 1,024-tx blocks took
 * seconds each, longer than their 0.8 s sub-slots; the job's serial queue fell behind, the last
 * block finished after the checkpoint deadline and every slot ended LATE, its txs back in the pool
 * for the next slot to build the same way: nothing became final. Smaller blocks that end on time
 * keep the slot's checkpoint, so the txs that fit become final and the rest wait one slot.
 *
 * <p>Thread-safe (one proposer's jobs may overlap at a slot boundary).
 */
public final class BuildPace {
  /**
   * A block smaller than this weighs less in the average (its fixed costs inflate its per-tx
   * figure), but it still counts: a pace measured only on large blocks could never come down again
   * once a slow block had made every later one small.
   */
  static final int FULL_WEIGHT_TXS = 16;

  /** The share of the time left that block building may use; the rest covers broadcast, GC. */
  static final double BUDGET_SHARE = 0.5;

  private static final double WEIGHT_OF_NEWEST = 0.5;

  private final boolean adaptive;
  private double nanosPerTx;

  private BuildPace(boolean adaptive, double initialNanosPerTx) {
    this.adaptive = adaptive;
    this.nanosPerTx = initialNanosPerTx;
  }

  /**
   * Starts from {@code initialPerTx} (an optimistic guess: the first measured block corrects it)
   * and then follows the measurements.
   */
  public static BuildPace adaptive(Duration initialPerTx) {
    return new BuildPace(true, initialPerTx.toNanos());
  }

  /** Never limits a block by time: every block takes up to its configured cap. */
  public static BuildPace unlimited() {
    return new BuildPace(false, 0);
  }

  /** The most txs that fit in {@code left}, at most {@code cap}; 0 when no time is left. */
  public synchronized int maxTxs(int cap, Duration left) {
    if (!adaptive) {
      return cap;
    }
    if (left.isNegative() || left.isZero()) {
      return 0;
    }
    double fits = left.toNanos() * BUDGET_SHARE / Math.max(1.0, nanosPerTx);
    return (int) Math.min(cap, Math.floor(fits));
  }

  /** One block built with {@code txs} txs (candidates handed to the builder) in {@code nanos}. */
  public synchronized void record(int txs, long nanos) {
    if (!adaptive || txs < 1 || nanos <= 0) {
      return;
    }
    double measured = (double) nanos / txs;
    double weight = WEIGHT_OF_NEWEST * Math.min(1.0, (double) txs / FULL_WEIGHT_TXS);
    nanosPerTx = weight * measured + (1 - weight) * nanosPerTx;
  }

  public synchronized Duration perTx() {
    return Duration.ofNanos((long) nanosPerTx);
  }
}
