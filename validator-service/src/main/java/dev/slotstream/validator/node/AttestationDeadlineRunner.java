package dev.slotstream.validator.node;

import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a pacing's work for a slot at that slot's attestation deadline, on one thread of its own, so
 * no job or listener waits for it. A slot that comes while the last one's work is still waiting or
 * running is skipped, not queued: the work reads the heap as it is then, and a queue would read it
 * late.
 */
final class AttestationDeadlineRunner implements AutoCloseable {
  private final DutyScheduler scheduler;
  private final Function<SlotNumber, Instant> deadlines;
  private final ExecutorService executor;
  private final AtomicBoolean busy = new AtomicBoolean();

  AttestationDeadlineRunner(
      DutyScheduler scheduler, Function<SlotNumber, Instant> deadlines, ExecutorService executor) {
    this.scheduler = scheduler;
    this.deadlines = deadlines;
    this.executor = executor;
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // whenComplete only frees the slot if not handed over
  void atDeadline(SlotNumber slot, Consumer<SlotNumber> work) {
    if (!busy.compareAndSet(false, true)) {
      return;
    }
    scheduler
        .at(
            deadlines.apply(slot),
            () ->
                executor.execute(
                    () -> {
                      try {
                        work.accept(slot);
                      } finally {
                        busy.set(false);
                      }
                    }))
        .whenComplete(
            (done, failed) -> {
              if (failed != null) {
                // Not handed over (the node is stopping): the next slot may try again.
                busy.set(false);
              }
            });
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
