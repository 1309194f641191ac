package dev.slotstream.core.sequencer;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.ValidatorSetUnknownException;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proposer node's duty loop: at each slot start it checks whether one of its keys proposes and,
 * if so, runs that slot's {@link CheckpointProposalJob}. Checkpoints become final through the
 * node's {@link dev.slotstream.core.chain.CheckpointFinalizer}.
 */
public final class Sequencer {
  private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

  private final ProposerDependencies deps;
  private final RollupContext context;
  private final ChainStore chain;
  private final Map<EthAddress, SigningKey> keys;
  private final TxPool pool;
  private final DutyScheduler scheduler;
  private final Function<SigningKey, ProposerConfig> configs;
  private final Map<SlotNumber, CheckpointProposalJob> jobs = new ConcurrentHashMap<>();
  private final BuildPace pace;
  private volatile boolean running;

  /**
   * Sizes blocks to the time left in their sub-slot, starting from an optimistic guess the first
   * measured block corrects ({@link BuildPace}).
   *
   * @param configs each key's job config (coinbase, fees, limits)
   */
  public Sequencer(
      ProposerDependencies deps,
      List<SigningKey> keys,
      Function<SigningKey, ProposerConfig> configs) {
    this(deps, keys, configs, BuildPace.adaptive(Duration.ofNanos(50_000)));
  }

  public Sequencer(
      ProposerDependencies deps,
      List<SigningKey> keys,
      Function<SigningKey, ProposerConfig> configs,
      BuildPace pace) {
    this.pace = pace;
    this.deps = deps;
    this.context = deps.context();
    this.chain = deps.chain();
    this.keys = keys.stream().collect(Collectors.toUnmodifiableMap(SigningKey::address, k -> k));
    this.pool = deps.pool();
    this.scheduler = deps.scheduler();
    this.configs = configs;
  }

  /** Starts with the current slot (if any is left of it) and then every slot start. */
  public void start() {
    running = true;
    Optional<SlotNumber> current = context.timetable().slotAt(scheduler.clock().instant());
    SlotNumber first = current.orElse(SlotNumber.ZERO);
    if (current.isPresent()) {
      onSlot(first);
      first = first.next();
    }
    scheduleSlot(first);
  }

  public void stop() {
    running = false;
  }

  // scheduler.at: duties log their own failures; its future is only for cancelling
  @SuppressWarnings("FutureReturnValueIgnored")
  private void scheduleSlot(SlotNumber slot) {
    scheduler.at(
        context.timetable().slotStart(slot),
        () -> {
          if (!running) {
            return;
          }
          onSlot(slot);
          scheduleSlot(slot.next());
        });
  }

  /** Runs the slot's proposal job if one of this node's keys is its proposer. */
  @SuppressWarnings("FutureReturnValueIgnored") // whenComplete only drops the ended job
  public Optional<CheckpointProposalJob> onSlot(SlotNumber slot) {
    Optional<Committee> committee = context.epochCache().findCommitteeFor(slot);
    if (committee.isEmpty()) {
      String reason =
          ValidatorSetUnknownException.describe(context.timetable().epochOf(slot))
              + ": not proposing";
      LOG.warn("slot={} {}", slot, reason);
      deps.listener()
          .onOutcome(
              new ProposalOutcome(
                  slot, ProposalStatus.VALIDATOR_SET_UNKNOWN, reason, 0, 0, Optional.empty()));
      return Optional.empty();
    }
    EthAddress proposer = committee.get().proposerFor(slot);
    SigningKey key = keys.get(proposer);
    if (key == null) {
      return Optional.empty();
    }
    if (!jobs.containsKey(slot)) {
      Optional<String> held = deps.syncGate().holdBack(SyncGate.Duty.PROPOSE, slot);
      if (held.isPresent()) {
        LOG.warn("slot={} not proposing as {}: {}", slot, proposer, held.get());
        deps.listener()
            .onOutcome(
                new ProposalOutcome(
                    slot, ProposalStatus.SYNCING, held.get(), 0, 0, Optional.empty()));
        return Optional.empty();
      }
    }
    CheckpointProposalJob[] created = new CheckpointProposalJob[1];
    CheckpointProposalJob job =
        jobs.computeIfAbsent(
            slot,
            s -> {
              LOG.info("slot={} proposing as {}", s, proposer);
              created[0] = new CheckpointProposalJob(deps, s, key, configs.apply(key), pace);
              return created[0];
            });
    if (created[0] != null) {
      // Started outside computeIfAbsent: a job that ends at once (no sub-slot left) removes
      // itself from the map, which ConcurrentHashMap refuses inside its own mapping function.
      created[0].outcome().whenComplete((o, e) -> jobs.remove(slot, created[0]));
      created[0].start();
    }
    return Optional.of(job);
  }

  public ChainStore chain() {
    return chain;
  }

  public TxPool pool() {
    return pool;
  }
}
