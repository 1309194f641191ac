package dev.slotstream.attestation.pool;

import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.types.SlotNumber;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Prunes slots more than {@code retainSlots} behind the current one, at the start of every slot
 * (from the slot clock, never a free-running timer). A failed prune (Redis down) is logged and
 * retried next slot; the keys' TTL bounds the pool meanwhile.
 */
public final class PoolPruner implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(PoolPruner.class);

  private final AttestationPool pool;
  private final SlotClock slotClock;
  private final DutyScheduler scheduler;
  private final int retainSlots;
  private volatile CompletableFuture<Void> next;
  private volatile boolean running;

  public PoolPruner(
      AttestationPool pool, SlotClock slotClock, DutyScheduler scheduler, int retainSlots) {
    this.pool = pool;
    this.slotClock = slotClock;
    this.scheduler = scheduler;
    this.retainSlots = retainSlots;
  }

  /** Prunes below current − retainSlots; returns the number of slots dropped. */
  public int pruneNow() {
    return slotClock
        .currentSlot()
        .filter(current -> current.value() > retainSlots)
        .map(current -> pool.pruneBefore(SlotNumber.of(current.value() - retainSlots)))
        .orElse(0);
  }

  private void runAndReschedule() {
    try {
      int pruned = pruneNow();
      if (pruned > 0) {
        LOG.debug("pool pruned slots={}", pruned);
      }
    } catch (RuntimeException e) {
      LOG.warn("pool prune failed, retrying next slot: {}", e.toString());
    }
    schedule();
  }

  private void schedule() {
    if (running) {
      next =
          scheduler.at(
              slotClock.timetable().slotStart(slotClock.nextSlot()), this::runAndReschedule);
    }
  }

  @Override
  public void start() {
    running = true;
    schedule();
  }

  @Override
  public void stop() {
    running = false;
    CompletableFuture<Void> pending = next;
    if (pending != null) {
      pending.cancel(false);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
