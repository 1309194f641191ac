package dev.slotstream.validator.node;

import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.YoungCollectionPacer;
import dev.slotstream.core.validator.YoungCollectionPacer.Eden;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link YoungCollectionPacer} on this node: at the attestation deadline of each slot it had
 * a job in, when nothing of the slot is left to receive, it reads eden and, if the pacer says the
 * next slot would fill it, fills it now with short-lived arrays until the collector collects.
 *
 * <ul>
 *   <li>{@value #PACED}: the paced young collections, each timed from the first filler to the
 *       collection (the filling and the pause)
 * </ul>
 */
public final class YoungCollectionPacing implements AttestationJobListener, AutoCloseable {
  public static final String PACED = "slotstream.validator.gc.young-paced";

  private static final Logger LOG = LoggerFactory.getLogger(YoungCollectionPacing.class);

  /** Small enough to be allocated in eden under every collector, not straight in the old generation. */
  private static final int FILLER_BYTES = 64 * 1024;

  /** Where the fillers go, so that no compiler may leave them out. */
  @SuppressWarnings("unused")
  private static volatile byte[] filler;

  /** This JVM's eden and the collections that empty it, read through its management beans. */
  public interface EdenGauge {
    Eden read();

    /** Every collection so far, young and old: a fill stops at the first. */
    long collections();

    /**
     * The gauge of this JVM's eden: Serial's, Parallel's or G1's; empty under a collector without
     * one (ZGC, Shenandoah, Epsilon).
     */
    static Optional<EdenGauge> detect() {
      List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
      return CollectedPool.find(
              List.of("Copy", "PS Scavenge", "G1 Young Generation"), name -> name.contains("Eden"))
          .map(
              eden ->
                  new EdenGauge() {
                    @Override
                    public Eden read() {
                      MemoryUsage usage = eden.usage();
                      return new Eden(
                          usage.getUsed(),
                          Math.max(1, CollectedPool.capacity(usage)),
                          eden.collector().getCollectionCount());
                    }

                    @Override
                    public long collections() {
                      return collectors.stream()
                          .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                          .sum();
                    }
                  });
    }
  }

  private final YoungCollectionPacer pacer = new YoungCollectionPacer();
  private final EdenGauge gauge;
  private final AttestationDeadlineRunner runner;
  private final Timer paced;

  /**
   * @param deadlines a slot's attestation deadline, when eden is read
   * @param executor one thread: eden is read and filled on it; closed with this
   */
  public YoungCollectionPacing(
      EdenGauge gauge,
      DutyScheduler scheduler,
      Function<SlotNumber, Instant> deadlines,
      ExecutorService executor,
      MeterRegistry registry) {
    this.gauge = gauge;
    this.runner = new AttestationDeadlineRunner(scheduler, deadlines, executor);
    this.paced =
        Timer.builder(PACED)
            .description(
                "Young collections this validator brought forward to a slot's attestation deadline,"
                    + " so they do not fall while proposals arrive")
            .register(registry);
  }

  @Override
  public void onOutcome(AttestationOutcome outcome) {
    runner.atDeadline(outcome.slot(), this::atDeadline);
  }

  private void atDeadline(SlotNumber slot) {
    Eden before = gauge.read();
    if (!pacer.shouldFill(slot, before)) {
      return;
    }
    long started = System.nanoTime();
    long filled = fillUntilCollected(gauge, 2 * before.capacity());
    long took = System.nanoTime() - started;
    paced.record(took, TimeUnit.NANOSECONDS);
    Eden after = gauge.read();
    pacer.filled(after);
    LOG.debug(
        "paced young collection slot={} edenUsedMb={} capacityMb={} growthPerSlotMb={} filledMb={}"
            + " tookMs={}",
        slot.value(),
        before.used() >> 20,
        before.capacity() >> 20,
        pacer.growthPerSlot() >> 20,
        filled >> 20,
        took / 1_000_000);
  }

  /**
   * Allocates short-lived arrays until a collection happens (or {@code limit} bytes, if none does);
   * returns the bytes allocated.
   */
  static long fillUntilCollected(EdenGauge gauge, long limit) {
    long collections = gauge.collections();
    long allocated = 0;
    while (allocated < limit && gauge.collections() == collections) {
      filler = new byte[FILLER_BYTES];
      allocated += FILLER_BYTES;
    }
    filler = null;
    return allocated;
  }

  @Override
  public void close() {
    runner.close();
  }
}
