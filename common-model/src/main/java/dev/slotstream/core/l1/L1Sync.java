package dev.slotstream.core.l1;

import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.types.SlotNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The sync rule of docs/PROTOCOL.md §17.6, fed by {@link L1Follower}: the node is in sync when a
 * follower round has processed L1 up to the confirmed head it read, that round ended at most {@code
 * staleAfter} ago, and the round now running (if any) did not start more than {@code maxLagBlocks}
 * behind the head. Closed at start-up until the first round completes, while catching up, and when
 * L1 could not be read for {@code staleAfter}. Thread-safe: the follower's thread writes, duty
 * threads read.
 */
public final class L1Sync implements SyncGate {

  /** What the follower last told; one immutable value, so readers see a consistent state. */
  private record State(
      Optional<Instant> caughtUpAt, long scannedTo, long head, boolean catchingUp) {}

  private final Clock clock;
  private final Duration staleAfter;
  private final long maxLagBlocks;
  private volatile State state = new State(Optional.empty(), -1, -1, false);

  /**
   * @param staleAfter how long after the last completed round the node still counts as in sync
   * @param maxLagBlocks how many L1 blocks a round may start behind the head and still count as
   *     following rather than catching up
   */
  public L1Sync(Clock clock, Duration staleAfter, long maxLagBlocks) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
    if (staleAfter.isNegative() || maxLagBlocks < 0) {
      throw new IllegalArgumentException("staleAfter and maxLagBlocks must not be negative");
    }
    this.maxLagBlocks = maxLagBlocks;
  }

  /** A round read the confirmed head {@code head} with L1 scanned up to {@code scannedTo}. */
  void roundStarted(long scannedTo, long head) {
    State s = state;
    state = new State(s.caughtUpAt(), scannedTo, head, head - scannedTo > maxLagBlocks);
  }

  /** A round processed L1 up to its confirmed head {@code head}. */
  void caughtUp(long head) {
    state = new State(Optional.of(clock.instant()), head, head, false);
  }

  @Override
  public Optional<String> holdBack(Duty duty, SlotNumber slot) {
    State s = state;
    if (s.caughtUpAt().isEmpty()) {
      return Optional.of(
          s.head() < 0
              ? "syncing from L1: the L1 node has not answered yet"
              : "syncing from L1: scanned to L1 block " + s.scannedTo() + " of " + s.head());
    }
    if (s.catchingUp()) {
      return Optional.of(
          "catching up with L1: scanned to L1 block " + s.scannedTo() + " of " + s.head());
    }
    Duration since = Duration.between(s.caughtUpAt().get(), clock.instant());
    if (since.compareTo(staleAfter) > 0) {
      return Optional.of(
          "L1 last followed "
              + since.toMillis()
              + " ms ago (up to L1 block "
              + s.scannedTo()
              + "), more than "
              + staleAfter.toMillis()
              + " ms");
    }
    return Optional.empty();
  }

  /** Whether every duty may be performed now. */
  public boolean inSync() {
    return holdBack(Duty.ATTEST, SlotNumber.ZERO).isEmpty();
  }
}
