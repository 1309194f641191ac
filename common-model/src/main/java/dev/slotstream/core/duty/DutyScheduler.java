package dev.slotstream.core.duty;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Runs work at instants derived from the slot clock. Jobs never sleep or measure from "now": they
 * ask for a deadline, and tests drive a manual implementation instead of waiting.
 */
public interface DutyScheduler {
  Clock clock();

  /** Runs {@code task} at {@code at} (at once if it has passed); cancel through the future. */
  CompletableFuture<Void> at(Instant at, Runnable task);

  /** Runs {@code task} as soon as possible, off the caller's thread. */
  default CompletableFuture<Void> now(Runnable task) {
    return at(clock().instant(), task);
  }
}
