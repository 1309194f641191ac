package dev.slotstream.node.l1;

import dev.slotstream.core.committee.ValidatorSchedule;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator set of each epoch as the Rollup contract holds it ({@code validatorsAt(e)}, §16.2),
 * read ahead of time on its own thread and answered from memory ({@link ValidatorSchedule}).
 *
 * <p>When an epoch's set is final: a change made in a block of epoch {@code x} applies from {@code
 * x + VALIDATOR_SET_LAG}, and later blocks never have an earlier timestamp, so once L1's latest
 * block is in epoch {@code x} the sets of every epoch up to {@code x + VALIDATOR_SET_LAG - 1} can
 * no longer change. Each round (every {@code pollInterval}) reads the latest block's timestamp and
 * the sets of the epochs from {@code x - 1} to that bound that it does not hold yet, plus any older
 * epoch something asked for. Only final sets are ever learned, so a committee drawn from one never
 * changes. Epochs past the bound, and epochs whose read failed, are not known: {@link
 * #validatorsAt} is empty and the node skips or refuses what needs them (no guess). A failed round
 * is retried at the next one; {@value #READS}{outcome} counts rounds, {@value #KNOWN_THROUGH} is the
 * newest epoch whose set is known, {@value #CHANGES} counts epochs whose set differs from the epoch
 * before, each logged with who was added and removed.
 */
public final class L1ValidatorSchedule implements ValidatorSchedule, AutoCloseable {
  public static final String READS = "slotstream.l1.validator.sets.reads";
  public static final String KNOWN_THROUGH = "slotstream.l1.validator.sets.known.through";
  public static final String CHANGES = "slotstream.l1.validator.sets.changes";
  private static final Logger LOG = LoggerFactory.getLogger(L1ValidatorSchedule.class);
  private static final int KEPT_EPOCHS = 1024;
  private static final int MAX_ASKED = 64;

  private final ValidatorSetSource reader;
  private final long genesisTime;
  private final long epochSeconds;
  // The contract's VALIDATOR_SET_LAG once read; until then 1, which takes only the current epoch
  // as final: never a set that may still change.
  private volatile long lag = 1;
  private volatile boolean lagRead;
  private final Duration pollInterval;
  private final NavigableMap<EpochNumber, ValidatorSet> known = new ConcurrentSkipListMap<>();
  private final Set<EpochNumber> asked = ConcurrentHashMap.newKeySet();
  private final AtomicLong knownThrough = new AtomicLong(-1);
  private final Counter readsOk;
  private final Counter readsFailed;
  private final Counter changes;
  // L1 reads block: they run here, never on a duty or listener thread.
  private final ScheduledExecutorService reads =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("l1-validator-sets"));
  private volatile boolean failing;
  private volatile long finalThrough = -1;

  /**
   * @param genesisTime the contract's {@code genesisTime()} (Unix seconds)
   * @param epochSeconds {@code slotDuration() * epochLength()}
   */
  public L1ValidatorSchedule(
      ValidatorSetSource reader,
      long genesisTime,
      long epochSeconds,
      Duration pollInterval,
      MeterRegistry registry) {
    if (epochSeconds < 1 || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("epochSeconds and pollInterval must be positive");
    }
    this.reader = reader;
    this.genesisTime = genesisTime;
    this.epochSeconds = epochSeconds;
    this.pollInterval = pollInterval;
    this.readsOk = readCounter(registry, "ok");
    this.readsFailed = readCounter(registry, "failed");
    this.changes =
        Counter.builder(CHANGES)
            .description("Epochs whose validator set on L1 differs from the epoch before's")
            .register(registry);
    Gauge.builder(KNOWN_THROUGH, knownThrough, AtomicLong::get)
        .description("The newest epoch whose validator set this node has read from L1 (-1: none)")
        .register(registry);
  }

  private static Counter readCounter(MeterRegistry registry, String outcome) {
    return Counter.builder(READS)
        .description("Rounds reading the validator sets from the Rollup contract")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * Takes the start-up epoch's set (already read and checked), reads the others of this round on
   * the calling thread (start-up), then every {@code pollInterval} on its own.
   */
  public L1ValidatorSchedule start(EpochNumber epoch, ValidatorSet validators) {
    learn(epoch, validators);
    refresh();
    long millis = pollInterval.toMillis();
    @SuppressWarnings("FutureReturnValueIgnored") // failures are logged and counted by refresh
    var unused = reads.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * This schedule, but an unknown epoch whose set is final is read from L1 on the calling thread
   * (once; then it is in memory for every user): for work on a thread of its own that needs older
   * epochs at once (replaying the chain journal at start-up, the L1 follower's rounds), never for a
   * duty or listener thread, which only ever gets what is in memory.
   */
  public ValidatorSchedule readingOnCallingThread() {
    return epoch -> {
      Optional<ValidatorSet> set = validatorsAt(epoch);
      if (set.isPresent() || epoch.value() > finalThrough) {
        return set;
      }
      try {
        return Optional.of(readIfUnknown(epoch));
      } catch (IOException | RuntimeException e) {
        LOG.warn("l1 validator sets: epoch {} not read: {}", epoch.value(), e.toString());
        return Optional.empty();
      }
    };
  }

  @Override
  public Optional<ValidatorSet> validatorsAt(EpochNumber epoch) {
    ValidatorSet set = known.get(epoch);
    if (set == null && asked.size() < MAX_ASKED) {
      // An older epoch (a late message, a checkpoint replayed from L1): read at the next round.
      asked.add(epoch);
    }
    return Optional.ofNullable(set);
  }

  /** The newest epoch whose set is known; empty before the first read. */
  public Optional<EpochNumber> knownThrough() {
    long through = knownThrough.get();
    return through < 0 ? Optional.empty() : Optional.of(EpochNumber.of(through));
  }

  /** One round: the sets that became final since the last one, and the older epochs asked for. */
  void refresh() {
    try {
      if (!lagRead) {
        lag = Math.max(1, reader.validatorSetLag());
        lagRead = true;
      }
      long timestamp = reader.latestBlockTimestamp();
      long l1Epoch = timestamp < genesisTime ? 0 : (timestamp - genesisTime) / epochSeconds;
      long through = l1Epoch + lag - 1;
      finalThrough = through;
      for (long e = Math.max(0, l1Epoch - 1); e <= through; e++) {
        readIfUnknown(EpochNumber.of(e));
      }
      for (EpochNumber e : List.copyOf(asked)) {
        if (e.value() <= through) {
          readIfUnknown(e);
        }
        asked.remove(e);
      }
      readsOk.increment();
      if (failing) {
        failing = false;
        LOG.info("l1 validator sets: L1 answers again; known through epoch {}", knownThrough.get());
      }
    } catch (IOException | RuntimeException e) {
      readsFailed.increment();
      if (!failing) {
        failing = true;
        LOG.warn(
            "l1 validator sets: could not read the Rollup contract at {} (retrying every {};"
                + " known through epoch {}): {}",
            reader.address(),
            pollInterval,
            knownThrough.get(),
            e.toString());
      }
    }
  }

  /** The set of {@code epoch}: from memory, else read (the caller made sure it is final). */
  private ValidatorSet readIfUnknown(EpochNumber epoch) throws IOException {
    ValidatorSet set = known.get(epoch);
    if (set == null) {
      set = ValidatorSet.of(reader.validatorsAt(epoch));
      learn(epoch, set);
    }
    return set;
  }

  private void learn(EpochNumber epoch, ValidatorSet set) {
    ValidatorSet before = known.putIfAbsent(epoch, set);
    if (before != null) {
      return;
    }
    knownThrough.accumulateAndGet(epoch.value(), Math::max);
    logChange(known.lowerEntry(epoch), epoch, set);
    Map.Entry<EpochNumber, ValidatorSet> after = known.higherEntry(epoch);
    if (after != null && after.getKey().value() == epoch.value() + 1) {
      logChange(Map.entry(epoch, set), after.getKey(), after.getValue());
    }
    // Keeps the newest epochs; an older one read again later is simply read from L1 again.
    while (known.size() > KEPT_EPOCHS) {
      known.pollFirstEntry();
    }
  }

  private void logChange(
      Map.Entry<EpochNumber, ValidatorSet> previous, EpochNumber epoch, ValidatorSet set) {
    if (previous == null
        || previous.getKey().value() + 1 != epoch.value()
        || previous.getValue().equals(set)) {
      return;
    }
    changes.increment();
    List<EthAddress> was = previous.getValue().members();
    LOG.info(
        "l1 validator set changes at epoch {}: added {}, removed {}; {} validators in contract"
            + " order {}",
        epoch.value(),
        set.members().stream().filter(a -> !was.contains(a)).map(EthAddress::toHex).toList(),
        was.stream().filter(a -> !set.contains(a)).map(EthAddress::toHex).toList(),
        set.size(),
        set.members().stream().map(EthAddress::toHex).toList());
  }

  @Override
  public void close() {
    reads.shutdownNow();
  }
}
