package dev.slotstream.l1publisher.check;

import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.node.l1.ConfiguredRollup;
import dev.slotstream.node.l1.Mismatch;
import dev.slotstream.node.l1.RollupReader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the contract's validator set after start-up: at the start of every epoch {@code e}, reads
 * {@code validatorsAt(e)} and {@code validatorsAt(e + 1)} (fixed since the start of {@code e}, §16.2)
 * and warns when either differs from the configured set. Wired only when the publisher does not
 * follow L1: it then keeps its configured set, and a change on L1 needs a configuration change and a
 * restart (with {@code slotstream.l1.follow.enabled=true} every node adopts each epoch's set from the
 * contract instead, {@code L1ValidatorSchedule}). {@value #METER} is the number of differing epochs
 * found by the latest check.
 */
public final class ValidatorSetWatch implements AutoCloseable {
  public static final String METER = "slotstream.l1.config.mismatch";
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorSetWatch.class);

  private final RollupReader reader;
  private final ConfiguredRollup node;
  private final DutyScheduler scheduler;
  private final SlotClock clock;
  private final AtomicInteger mismatching = new AtomicInteger();
  private final AtomicReference<List<Mismatch>> latest = new AtomicReference<>(List.of());
  // L1 reads block: they run here, never on the duty scheduler's threads.
  private final ExecutorService reads =
      Executors.newSingleThreadExecutor(DaemonThreads.named("l1-config-watch"));
  private volatile CompletableFuture<Void> next = CompletableFuture.completedFuture(null);
  private volatile boolean closed;

  public ValidatorSetWatch(
      RollupReader reader,
      ConfiguredRollup node,
      DutyScheduler scheduler,
      SlotClock clock,
      MeterRegistry registry) {
    this.reader = reader;
    this.node = node;
    this.scheduler = scheduler;
    this.clock = clock;
    Gauge.builder(METER, mismatching, AtomicInteger::get)
        .description(
            "Epochs (current and next) whose validator set on L1 differs from slotstream.protocol's")
        .register(registry);
  }

  /** Schedules the first check at the start of the next epoch. */
  public void start() {
    scheduleAfter(clock.currentEpoch().orElse(null));
  }

  private void scheduleAfter(EpochNumber current) {
    if (closed) {
      return;
    }
    EpochNumber upcoming = current == null ? EpochNumber.ZERO : current.next();
    next =
        scheduler.at(
            clock.timetable().slotStart(clock.firstSlotOf(upcoming)),
            () -> reads.execute(() -> checkAndReschedule(upcoming)));
  }

  private void checkAndReschedule(EpochNumber epoch) {
    try {
      check(epoch);
    } finally {
      scheduleAfter(epoch);
    }
  }

  /** Compares epochs {@code epoch} and {@code epoch + 1}; keeps the result if L1 answered. */
  void check(EpochNumber epoch) {
    String authority = "the Rollup contract at " + reader.address();
    List<Mismatch> found = new ArrayList<>();
    try {
      for (EpochNumber e : List.of(epoch, epoch.next())) {
        node.validatorsDiffer(e, reader.validatorsAt(e), authority).ifPresent(found::add);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "l1 config watch epoch={}: could not read the validator set from L1: {}",
          epoch.value(),
          e.toString());
      return;
    }
    int before = mismatching.getAndSet(found.size());
    latest.set(List.copyOf(found));
    found.forEach(
        m ->
            LOG.warn(
                "l1 config mismatch epoch={}: {}; this node keeps the configured set: update it and"
                    + " restart, or set slotstream.l1.follow.enabled=true to follow the contract's",
                epoch.value(),
                m.describe()));
    if (found.isEmpty() && before > 0) {
      LOG.info(
          "l1 config watch epoch={}: the configured validator set agrees with L1 again",
          epoch.value());
    }
  }

  /** The differences found by the latest check that L1 answered (empty: they agree). */
  public List<Mismatch> latestMismatches() {
    return latest.get();
  }

  @Override
  public void close() {
    closed = true;
    next.cancel(false);
    reads.shutdownNow();
  }
}
