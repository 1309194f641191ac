package dev.slotstream.core.sequencer;

import java.time.Duration;

/**
 * How long this proposer takes to build a block, as a fixed cost per block plus a cost per tx, fitted
 * to its own recent blocks (select + execute + sign, wall clock; a least-squares line over an
 * exponentially weighted window): the proposal job sizes each block to what fits in the time its
 * sub-slot has left.
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
 * the pool held thousands. Fitted apart, a slow small block raises the fixed cost, not the per-tx
 * one, and the blocks after it take what the rest of their budget fits.
 *
 * <p>Thread-safe (one proposer's jobs may overlap at a slot boundary).
 */
public final class BuildPace {
  /** The share of the time left that block building may use; the rest covers broadcast, GC. */
  static final double BUDGET_SHARE = 0.5;

  /** Each new block's weight against the window before it: about the last six blocks count. */
  private static final double FORGET = 0.7;

  /**
   * The line is fitted only when the window's block sizes vary by at least this share of their
   * mean (standard deviation); blocks all of one size tell the total, not how it splits.
   */
  private static final double MIN_SPREAD = 0.1;

  private final boolean adaptive;
  private double fixedNanos;
  private double nanosPerTx;
  // Exponentially weighted sums over recent blocks: weight, txs, txs², nanos, txs·nanos.
  private double w;
  private double sumTxs;
  private double sumTxs2;
  private double sumNanos;
  private double sumTxsNanos;

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

  /** The most txs that fit in {@code left}, at most {@code cap}; 0 when no time is left. */
  public synchronized int maxTxs(int cap, Duration left) {
    if (!adaptive) {
      return cap;
    }
    if (left.isNegative() || left.isZero()) {
      return 0;
    }
    double budget = left.toNanos() * BUDGET_SHARE - fixedNanos;
    if (budget <= 0) {
      return 0;
    }
    double fits = budget / Math.max(1.0, nanosPerTx);
    return (int) Math.min(cap, Math.floor(fits));
  }

  /**
   * One block built with {@code txs} txs (candidates handed to the builder, possibly none) in
   * {@code nanos}.
   */
  public synchronized void record(int txs, long nanos) {
    if (!adaptive || txs < 0 || nanos <= 0) {
      return;
    }
    w = FORGET * w + 1;
    sumTxs = FORGET * sumTxs + txs;
    sumTxs2 = FORGET * sumTxs2 + (double) txs * txs;
    sumNanos = FORGET * sumNanos + nanos;
    sumTxsNanos = FORGET * sumTxsNanos + (double) txs * nanos;
    double meanTxs = sumTxs / w;
    double meanNanos = sumNanos / w;
    double variance = sumTxs2 / w - meanTxs * meanTxs;
    if (variance > 0 && variance >= MIN_SPREAD * MIN_SPREAD * meanTxs * meanTxs) {
      double slope = (sumTxsNanos / w - meanTxs * meanNanos) / variance;
      if (slope > 0) {
        nanosPerTx = slope;
      }
    }
    // The fixed part is what the per-tx part leaves of the window's mean; never negative, so a
    // window faster than the slope predicts lowers the slope instead.
    fixedNanos = meanNanos - nanosPerTx * meanTxs;
    if (fixedNanos < 0) {
      fixedNanos = 0;
      nanosPerTx = meanNanos / meanTxs;
    }
  }

  /** The fitted cost of each tx. */
  public synchronized Duration perTx() {
    return Duration.ofNanos((long) nanosPerTx);
  }

  /** The fitted cost of a block, whatever its size. */
  public synchronized Duration fixed() {
    return Duration.ofNanos((long) fixedNanos);
  }
}
