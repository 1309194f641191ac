package dev.slotstream.core.sequencer;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.ChainTip;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.SerialExecutor;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.BlockBuildResult;
import dev.slotstream.core.exec.BuildCutoff;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.exec.FailedTx;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.slashing.SigningDecision;
import dev.slotstream.core.slashing.SigningDuty;
import dev.slotstream.core.slashing.SlashingProtectionException;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.time.BuildPlan;
import dev.slotstream.core.time.SubSlot;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proposer slot: at the start of each sub-slot it builds a block from the pool and broadcasts
 * it at once, so validators execute it while the next is built; the last block goes out inside the
 * CheckpointProposal. Every signature is approved by the signing record first, so a restarted
 * proposer can never sign a second, different proposal for a position.
 */
public final class CheckpointProposalJob {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointProposalJob.class);

  private final SlotNumber slot;
  private final RollupContext context;
  private final ChainStore chain;
  private final CheckpointsBuilder checkpoints;
  private final SigningKey proposer;
  private final TxPool pool;
  private final SlashingProtector protector;
  private final DutyScheduler scheduler;
  private final ProposalBroadcaster broadcaster;
  private final ProposalJobListener listener;
  private final ProposerConfig config;
  private final SerialExecutor serial;
  private final BuildPace pace;
  private final CompletableFuture<ProposalOutcome> outcome = new CompletableFuture<>();

  // Confined to the serial executor.
  private CheckpointBuilder builder;
  private BlockProposal lastSigned;
  private int txsIncluded;

  /**
   * The builder's account nonces as the pool's selection asked for them. Only a block's own txs
   * move them, so their senders are forgotten after each block. Why: the selection asks for every
   * pooled sender's nonce before every block (3,000 senders under bin/load), and those state
   * lookups were ~14% of a loaded proposer's build thread (docs/BENCHMARKS.md, Run 13).
   */
  private final Map<EthAddress, Long> accountNonces = new HashMap<>();

  /** While the job waits for the previous slot's quorum: the sub-slot to build once it ends. */
  private SubSlot deferred;

  private List<CompletableFuture<?>> parentWaits = List.of();

  /** A job whose blocks always take up to the configured cap, however long they take to build. */
  public CheckpointProposalJob(
      ProposerDependencies deps, SlotNumber slot, SigningKey proposer, ProposerConfig config) {
    this(deps, slot, proposer, config, BuildPace.unlimited());
  }

  /** A job that sizes each block to the time its sub-slot has left at {@code pace}. */
  public CheckpointProposalJob(
      ProposerDependencies deps,
      SlotNumber slot,
      SigningKey proposer,
      ProposerConfig config,
      BuildPace pace) {
    this.slot = slot;
    this.pace = pace;
    this.context = deps.context();
    this.chain = deps.chain();
    this.checkpoints = deps.checkpoints();
    this.proposer = proposer;
    this.pool = deps.pool();
    this.protector = deps.protector();
    this.scheduler = deps.scheduler();
    this.broadcaster = deps.broadcaster();
    this.listener = deps.listener();
    this.config = config;
    this.serial = new SerialExecutor(deps.executor(), deps.errors());
  }

  /**
   * Schedules a build at the start of every sub-slot still ahead. A job started late (a restart
   * mid-slot) begins with the first sub-slot that leaves at least the minimum block duration.
   */
  // scheduler.at: duties log their own failures; its future is only for cancelling
  @SuppressWarnings("FutureReturnValueIgnored")
  public CheckpointProposalJob start() {
    Optional<BuildPlan> first = context.timetable().subSlotFor(slot, scheduler.clock().instant());
    if (first.isEmpty()) {
      finish(ProposalStatus.LATE, "no sub-slot of slot " + slot + " left to build in");
      return this;
    }
    for (SubSlot subSlot : context.timetable().subSlots(slot)) {
      if (subSlot.index() >= first.get().subSlot().index()) {
        Instant at =
            subSlot.index() == first.get().subSlot().index()
                ? first.get().buildFrom()
                : subSlot.start();
        scheduler.at(at, () -> serial.execute(() -> build(subSlot)));
      }
    }
    return this;
  }

  public SlotNumber slot() {
    return slot;
  }

  public CompletableFuture<ProposalOutcome> outcome() {
    return outcome;
  }

  private void build(SubSlot subSlot) {
    if (outcome.isDone()) {
      return;
    }
    Instant now = scheduler.clock().instant();
    Instant end =
        subSlot.last()
            ? earlier(subSlot.deadline(), context.timetable().checkpointProposalDeadline(slot))
            : subSlot.deadline();
    Duration left = Duration.between(now, end);
    boolean tooLittleLeft = !context.timetable().leavesRoomForABlock(now, end);
    if (!subSlot.last() && tooLittleLeft) {
      // Behind (the previous build overran): building now would only push the later sub-slots and
      // the checkpoint further back. Its txs go into the next block.
      LOG.info(
          "slot={} sub-slot {} skipped: its build started with {} ms left, less than a block's"
              + " minimum",
          slot,
          subSlot.index(),
          left.toMillis());
      return;
    }
    try {
      if (builder == null && (deferred != null || awaitPreviousQuorum(subSlot))) {
        deferred = subSlot;
        return;
      }
      if (builder == null) {
        ChainTip tip = chain.tip();
        WorldStateFork fork = chain.worldState().fork(tip.blockNumber());
        builder =
            checkpoints.startCheckpoint(
                chain.nextCheckpointNumber(),
                new CheckpointGlobals(
                    context.chainId(),
                    context.version(),
                    slot,
                    context.timetable().slotStart(slot).getEpochSecond(),
                    config.coinbase(),
                    config.feeRecipient(),
                    config.gasFees()),
                List.of(),
                fork);
      }
      WorldStateFork fork = builder.fork();
      int cap =
          Math.min(
              config.limits().maxTxs(), Math.max(0, config.maxTxsPerCheckpoint() - txsIncluded));
      int maxTxs;
      if (!subSlot.last()) {
        maxTxs = pace.maxTxs(cap, left);
      } else if (tooLittleLeft) {
        // The checkpoint closes on the blocks already broadcast rather than risk its deadline.
        LOG.info(
            "slot={} sub-slot {} builds no block: {} ms left before the checkpoint deadline",
            slot,
            subSlot.index(),
            left.toMillis());
        maxTxs = 0;
      } else {
        int inBudget =
            config.lastBlockBudget().map(budget -> pace.maxTxsWithin(cap, budget)).orElse(cap);
        maxTxs = Math.min(pace.maxTxsInLastBlock(cap, left), inBudget);
      }
      BuildCutoff cutoff =
          new BuildCutoff(scheduler.clock(), pace.cutoff(now, end, subSlot.last()));
      long startNanos = System.nanoTime();
      List<Tx> candidates =
          maxTxs == 0
              ? List.<Tx>of()
              : pool.selectForBlock(
                  maxTxs, sender -> accountNonces.computeIfAbsent(sender, fork::nonce));
      BlockBuildResult result =
          builder.buildBlock(
              candidates,
              builder.nextBlockNumber(),
              new BlockBuildLimits(maxTxs, config.limits().maxMana()),
              cutoff);
      candidates.forEach(tx -> accountNonces.remove(tx.payload().sender()));
      if (!result.failedTxs().isEmpty()) {
        pool.remove(result.failedTxs().stream().map(FailedTx::tx).map(Tx::hash).toList());
        listener.onTxsDropped(result.failedTxs());
        LOG.info(
            "slot={} dropped {} invalid txs, first: {}",
            slot,
            result.failedTxs().size(),
            result.failedTxs().get(0).reason());
      }
      if (result.cutOff()) {
        LOG.info(
            "slot={} sub-slot {} block cut off at {} with {} of {} txs",
            slot,
            subSlot.index(),
            cutoff.at(),
            result.includedTxs().size(),
            candidates.size());
        listener.onBlockCutOff(
            new BlockCutOff(subSlot, cutoff.at(), result.includedTxs().size(), candidates.size()));
      }
      if (result.block().isPresent()) {
        txsIncluded += result.includedTxs().size();
        BlockProposal proposal = sign(result.block().get());
        if (proposal == null) {
          return;
        }
        pace.record(
            candidates.size() - result.deferredTxs().size(), System.nanoTime() - startNanos);
        if (!result.cutOff() && maxTxs < cap && maxTxs == candidates.size()) {
          LOG.info(
              "slot={} sub-slot {} block limited to {} txs by time ({} per block + {} per tx, × {}"
                  + " measured)",
              slot,
              subSlot.index(),
              maxTxs,
              pace.fixed(),
              pace.perTx(),
              String.format(Locale.ROOT, "%.1f", pace.slowdown()));
        }
        lastSigned = proposal;
        if (!subSlot.last()) {
          Instant at = scheduler.clock().instant();
          broadcaster.broadcastBlock(proposal);
          listener.onBlockBroadcast(new BlockBroadcast(proposal, subSlot, at));
        }
      }
      if (subSlot.last()) {
        proposeCheckpoint(subSlot);
      }
    } catch (RuntimeException e) {
      LOG.error("slot={} proposal failed", slot, e);
      finish(ProposalStatus.FAILED, e.toString());
    }
  }

  /**
   * A proposer builds only on the latest final checkpoint. If this node holds a checkpoint of the
   * previous slot that is not final yet, its quorum may still arrive: it counts until the end of
   * that slot's quorum window ({@code slotEnd + t}, from the timetable, never from now). Until
   * then the first build waits for it, so a quorum that reaches this node just after its slot
   * started is built on, not skipped. Returns false when there is nothing to wait for.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // scheduler.at: cancelled by outcome, not needed
  private boolean awaitPreviousQuorum(SubSlot subSlot) {
    if (slot.value() == 0) {
      return false;
    }
    SlotNumber previous = slot.previous();
    if (chain.tip().slot().filter(s -> !s.isBefore(previous)).isPresent()) {
      return false;
    }
    List<dev.slotstream.core.types.Fr> candidates = chain.pendingArchivesOf(previous);
    Instant until = context.timetable().quorumWindow(previous).closesAt();
    if (candidates.isEmpty() || !scheduler.clock().instant().isBefore(until)) {
      return false;
    }
    LOG.info(
        "slot={} waiting until {} for slot {}'s quorum before building (sub-slot {})",
        slot,
        until,
        previous,
        subSlot.index());
    List<CompletableFuture<?>> waits = new java.util.ArrayList<>();
    for (var archive : candidates) {
      CompletableFuture<?> f = chain.awaitArchive(archive);
      waits.add(f);
      f.whenComplete((v, e) -> serial.execute(this::resumeAfterParentWait));
    }
    parentWaits = waits;
    scheduler.at(until, () -> serial.execute(this::resumeAfterParentWait));
    return true;
  }

  private void resumeAfterParentWait() {
    SubSlot next = deferred;
    if (next == null || outcome.isDone()) {
      return;
    }
    deferred = null;
    parentWaits.forEach(f -> f.cancel(false));
    parentWaits = List.of();
    LOG.info("slot={} building on checkpoint {} after the wait", slot, chain.tip().slot());
    build(next);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private BlockProposal sign(L2Block block) {
    BlockProposalPayload payload =
        new BlockProposalPayload(
            block.header(),
            block.indexWithinCheckpoint(),
            builder.inHash(),
            block.archiveRoot(),
            block.txHashes());
    if (!approve(
        SigningDuty.blockProposal(proposer.address(), slot, block.indexWithinCheckpoint()),
        payload.payloadHash())) {
      return null;
    }
    return context
        .signer()
        .signBlock(
            payload, proposer, config.includeTxs() ? Optional.of(block.txs()) : Optional.empty());
  }

  private void proposeCheckpoint(SubSlot subSlot) {
    if (scheduler.clock().instant().isAfter(context.timetable().checkpointProposalDeadline(slot))) {
      finish(ProposalStatus.LATE, "checkpoint ready after its proposal deadline");
      return;
    }
    Checkpoint checkpoint = builder.complete();
    // When the last sub-slot had nothing to include, the last block is the one already broadcast;
    // validators see its second copy as a duplicate of the same id.
    var payload = checkpoint.payload();
    if (!approve(
        SigningDuty.checkpointProposal(proposer.address(), slot),
        payload.as(MessageKind.CHECKPOINT_PROPOSAL).payloadHash())) {
      return;
    }
    CheckpointProposal proposal = context.signer().signCheckpoint(payload, lastSigned, proposer);
    chain.offer(checkpoint, builder.fork());
    Instant at = scheduler.clock().instant();
    broadcaster.broadcastCheckpoint(proposal);
    listener.onCheckpointBroadcast(new CheckpointBroadcast(proposal, subSlot, at));
    outcome.complete(
        new ProposalOutcome(
            slot,
            ProposalStatus.PROPOSED,
            "ok",
            checkpoint.blocks().size(),
            txsIncluded,
            Optional.of(proposal)));
    listener.onOutcome(outcome.join());
  }

  private boolean approve(SigningDuty duty, Bytes32 payloadHash) {
    try {
      SigningDecision decision = protector.approve(duty, payloadHash);
      if (decision.allowed()) {
        return true;
      }
      finish(ProposalStatus.SLASHING_PROTECTION, duty + ": " + decision.reason());
    } catch (SlashingProtectionException e) {
      finish(ProposalStatus.SLASHING_PROTECTION, duty + ": " + e.getMessage());
    }
    return false;
  }

  private void finish(ProposalStatus status, String detail) {
    if (outcome.isDone()) {
      return;
    }
    LOG.warn("slot={} proposal ended {}: {}", slot, status, detail);
    if (builder != null) {
      builder.fork().close();
    }
    ProposalOutcome result =
        new ProposalOutcome(
            slot,
            status,
            detail,
            builder == null ? 0 : builder.blocks().size(),
            txsIncluded,
            Optional.empty());
    outcome.complete(result);
    listener.onOutcome(result);
  }
}
