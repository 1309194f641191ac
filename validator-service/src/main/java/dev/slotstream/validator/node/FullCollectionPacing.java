package dev.slotstream.validator.node;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.FullCollectionPacer;
import dev.slotstream.core.validator.FullCollectionPacer.OldGeneration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link FullCollectionPacer} on this node: when a slot's job has ended on this node's turn,
 * at the slot's attestation deadline (its attestation, if any, is out by then and the others' make
 * the quorum without it), it reads the old generation and, if the pacer says so, collects it (one
 * full collection, on its own thread so no job or listener waits for it). Only for a collector whose old generation is collected
 * stop-the-world as a whole (Serial, Parallel): {@link OldGenerationGauge#detect} finds none under G1
 * or ZGC, and then nothing is paced.
 *
 * <ul>
 *   <li>{@value #PACED}: the paced collections and how long each took
 * </ul>
 */
public final class FullCollectionPacing implements AttestationJobListener, AutoCloseable {
  public static final String PACED = "slotstream.validator.gc.paced";

  private static final Logger LOG = LoggerFactory.getLogger(FullCollectionPacing.class);

  /** The old generation of this JVM, read through its management beans. */
  public interface OldGenerationGauge extends Supplier<OldGeneration> {
    /**
     * The gauge of this JVM's old generation when a stop-the-world collector collects it whole
     * (Serial's MarkSweepCompact, Parallel's PS MarkSweep); empty under G1, ZGC or Shenandoah, and
     * when {@code -XX:+DisableExplicitGC} would make every paced collection a no-op.
     */
    static Optional<OldGenerationGauge> detect() {
      if (explicitCollectionsDisabled()) {
        return Optional.empty();
      }
      return CollectedPool.find(
              List.of("MarkSweepCompact", "PS MarkSweep"),
              name -> name.contains("Tenured") || name.contains("Old"))
          .map(
              old ->
                  () -> {
                    MemoryUsage usage = old.usage();
                    return new OldGeneration(
                        usage.getUsed(),
                        CollectedPool.capacity(usage),
                        old.collector().getCollectionCount());
                  });
    }

    /** {@code -XX:+DisableExplicitGC}: then {@code System.gc()} does nothing, and pacing neither. */
    private static boolean explicitCollectionsDisabled() {
      HotSpotDiagnosticMXBean hotspot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotspot != null
          && Boolean.parseBoolean(hotspot.getVMOption("DisableExplicitGC").getValue());
    }
  }

  private final FullCollectionPacer pacer = new FullCollectionPacer();
  private final OldGenerationGauge gauge;
  private final Runnable collect;
  private final Function<SlotNumber, Optional<Committee>> committees;
  private final List<EthAddress> keys;
  private final AttestationDeadlineRunner runner;
  private final Timer paced;

  /**
   * @param collect one full collection ({@code System::gc} in the service)
   * @param committees the committee of a slot, if this node knows it
   * @param keys this node's validator addresses
   * @param deadlines a slot's attestation deadline, when its turn is taken
   * @param executor one thread: turns are read and collections run on it, one at a time; closed
   *     with this
   */
  public FullCollectionPacing(
      OldGenerationGauge gauge,
      Runnable collect,
      Function<SlotNumber, Optional<Committee>> committees,
      List<EthAddress> keys,
      DutyScheduler scheduler,
      Function<SlotNumber, Instant> deadlines,
      ExecutorService executor,
      MeterRegistry registry) {
    this.gauge = gauge;
    this.collect = collect;
    this.committees = committees;
    this.keys = List.copyOf(keys);
    this.runner = new AttestationDeadlineRunner(scheduler, deadlines, executor);
    this.paced =
        Timer.builder(PACED)
            .description(
                "Full collections this validator ran on its turn, so members do not stop together")
            .register(registry);
  }

  @Override
  public void onOutcome(AttestationOutcome outcome) {
    SlotNumber slot = outcome.slot();
    Optional<Committee> committee = committees.apply(slot);
    if (committee.isEmpty() || !FullCollectionPacer.isTurn(slot, committee.get(), keys)) {
      return;
    }
    // A turn that comes while the last one's collection still runs is skipped.
    runner.atDeadline(slot, this::onTurn);
  }

  private void onTurn(SlotNumber slot) {
    OldGeneration before = gauge.get();
    if (!pacer.shouldCollect(before)) {
      return;
    }
    long started = System.nanoTime();
    collect.run();
    long took = System.nanoTime() - started;
    paced.record(took, TimeUnit.NANOSECONDS);
    OldGeneration after = gauge.get();
    pacer.collected(after);
    LOG.info(
        "paced full collection slot={} oldUsedMb={} -> {} capacityMb={} growthPerTurnMb={} tookMs={}",
        slot.value(),
        before.used() >> 20,
        after.used() >> 20,
        before.capacity() >> 20,
        pacer.growthPerTurn() >> 20,
        took / 1_000_000);
  }

  @Override
  public void close() {
    runner.close();
  }
}
