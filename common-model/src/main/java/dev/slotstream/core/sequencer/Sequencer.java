package dev.slotstream.core.sequencer;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proposer node's duty loop: at each slot start it checks whether one of its keys proposes and,
 * if so, runs that slot's {@link CheckpointProposalJob}. Quorum events make checkpoints final and
 * clear their txs from the pool.
 */
public final class Sequencer {
  private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

  private final RollupContext context;
  private final ChainStore chain;
  private final CheckpointsBuilder checkpoints;
  private final Map<EthAddress, SigningKey> keys;
  private final TxPool pool;
  private final SlashingProtector protector;
  private final DutyScheduler scheduler;
  private final Executor executor;
  private final ProposalBroadcaster broadcaster;
  private final ProposalJobListener listener;
  private final Function<SigningKey, ProposerConfig> configs;
  private final Map<SlotNumber, CheckpointProposalJob> jobs = new ConcurrentHashMap<>();
  private volatile boolean running;

  public Sequencer(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      List<SigningKey> keys,
      TxPool pool,
      SlashingProtector protector,
      DutyScheduler scheduler,
      Executor executor,
      ProposalBroadcaster broadcaster,
      ProposalJobListener listener,
      Function<SigningKey, ProposerConfig> configs) {
    this.context = context;
    this.chain = chain;
    this.checkpoints = checkpoints;
    this.keys = keys.stream().collect(Collectors.toUnmodifiableMap(SigningKey::address, k -> k));
    this.pool = pool;
    this.protector = protector;
    this.scheduler = scheduler;
    this.executor = executor;
    this.broadcaster = broadcaster;
    this.listener = listener;
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
    EthAddress proposer = context.epochCache().proposerFor(slot);
    SigningKey key = keys.get(proposer);
    if (key == null) {
      return Optional.empty();
    }
    CheckpointProposalJob[] created = new CheckpointProposalJob[1];
    CheckpointProposalJob job =
        jobs.computeIfAbsent(
            slot,
            s -> {
              LOG.info("slot={} proposing as {}", s, proposer);
              created[0] =
                  new CheckpointProposalJob(
                      s, context, chain, checkpoints, key, pool, protector, scheduler, executor,
                      broadcaster, listener, configs.apply(key));
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

  public ChainStore.CommitOutcome onQuorum(CheckpointQuorum quorum) {
    ChainStore.CommitOutcome outcome = chain.onQuorum(quorum.payload());
    if (outcome == ChainStore.CommitOutcome.COMMITTED) {
      var committed = chain.worldState().latest();
      int pruned = pool.pruneStale(committed::nonce);
      LOG.info("slot={} checkpoint final; {} included txs left the pool", quorum.slotNumber(), pruned);
    }
    return outcome;
  }

  public ChainStore chain() {
    return chain;
  }

  public TxPool pool() {
    return pool;
  }
}
