package dev.slotstream.core.validator;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.committee.ValidatorSetUnknownException;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.SerialExecutor;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.BlockReExecution;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.slashing.SigningDecision;
import dev.slotstream.core.slashing.SigningDuty;
import dev.slotstream.core.slashing.SlashingProtectionException;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One slot of a validator node (the plan's phase 3.1): executes each block the moment it can —
 * while the proposer builds the next — queues blocks that arrive before their predecessor, and
 * attests to the checkpoint only when every block re-executed to exactly the proposed state.
 *
 * <p>All state is confined to a serial executor; callers hand messages over and never block.
 * Waiting (for the parent to become final, for txs) is asynchronous and bounded by the slot's
 * attestation deadline, which derives from the slot start.
 */
public final class CheckpointAttestationJob {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointAttestationJob.class);

  private record Received(
      BlockProposal proposal, Instant receivedAt, Optional<Instant> broadcastAt) {}

  private final SlotNumber slot;
  private final RollupContext context;
  private final ChainStore chain;
  private final CheckpointsBuilder checkpoints;
  private final List<SigningKey> localKeys;
  private final SlashingProtector protector;
  private final TxSource txSource;
  private final DutyScheduler scheduler;
  private final AttestationJobListener listener;
  private final BlockBuildLimits limits;
  private final ExecutionMode mode;
  private final SyncGate syncGate;
  private final SerialExecutor serial;
  private final CompletableFuture<AttestationOutcome> outcome = new CompletableFuture<>();

  // Confined to the serial executor.
  private final TreeMap<Integer, Received> blocks = new TreeMap<>();
  private final SortedSet<Integer> executed = new TreeSet<>();
  private CheckpointProposal checkpoint;
  private CheckpointBuilder builder;
  private boolean handedOver;
  private CompletableFuture<?> waitingOn;
  private AttestationStatus waitingFor;
  private CompletableFuture<Void> deadlineTimer;
  private int duplicates;

  /** @param localKeys the node's keys; those in the slot's committee attest */
  public CheckpointAttestationJob(
      ValidatorDependencies deps, SlotNumber slot, List<SigningKey> localKeys) {
    this.mode = deps.mode();
    this.slot = slot;
    this.context = deps.context();
    this.chain = deps.chain();
    this.checkpoints = deps.checkpoints();
    this.localKeys = List.copyOf(localKeys);
    this.protector = deps.protector();
    this.txSource = deps.txSource();
    this.scheduler = deps.scheduler();
    this.listener = deps.listener();
    this.limits = deps.limits();
    this.syncGate = deps.syncGate();
    this.serial = new SerialExecutor(deps.executor(), deps.errors());
  }

  /** Arms the deadline: at the slot's attestation deadline whatever is missing is final. */
  public CheckpointAttestationJob start() {
    serial.execute(
        () ->
            deadlineTimer =
                scheduler.at(
                    context.timetable().attestationDeadline(slot),
                    () -> serial.execute(this::onDeadline)));
    return this;
  }

  public SlotNumber slot() {
    return slot;
  }

  public CompletableFuture<AttestationOutcome> outcome() {
    return outcome;
  }

  public void onBlockProposal(BlockProposal proposal, Instant receivedAt) {
    onBlockProposal(proposal, receivedAt, Optional.empty());
  }

  /** @param broadcastAt when the proposer sent it, if the transport told */
  public void onBlockProposal(
      BlockProposal proposal, Instant receivedAt, Optional<Instant> broadcastAt) {
    serial.execute(
        () -> {
          handleBlock(new Received(proposal, receivedAt, broadcastAt));
          drain();
          tryFinish();
        });
  }

  public void onCheckpointProposal(CheckpointProposal proposal, Instant receivedAt) {
    onCheckpointProposal(proposal, receivedAt, Optional.empty());
  }

  /** @param broadcastAt when the proposer sent it, if the transport told */
  public void onCheckpointProposal(
      CheckpointProposal proposal, Instant receivedAt, Optional<Instant> broadcastAt) {
    serial.execute(
        () -> {
          handleCheckpoint(proposal, new Received(proposal.lastBlock(), receivedAt, broadcastAt));
          drain();
          tryFinish();
        });
  }

  /**
   * This node refused the slot's proposals because it does not know the validator set of the
   * slot's epoch (§6): the slot ends {@code VALIDATOR_SET_UNKNOWN}, nothing signed. Whatever
   * arrives later in the slot is kept (for equivocation checks) but not attested to: the refused
   * proposals are gone.
   */
  void skipValidatorSetUnknown(String detail) {
    serial.execute(
        () -> {
          if (!outcome.isDone()) {
            fail(AttestationStatus.VALIDATOR_SET_UNKNOWN, detail);
          }
        });
  }

  /** Ends the job (at slot end): releases its fork; an unfinished job ends without attesting. */
  public void dispose() {
    serial.execute(
        () -> {
          if (!outcome.isDone()) {
            finish(
                checkpoint == null
                    ? AttestationStatus.NO_CHECKPOINT
                    : AttestationStatus.MISSING_BLOCKS,
                "slot ended: " + missingSummary(),
                List.of());
          }
        });
  }

  private void handleBlock(Received received) {
    BlockProposal proposal = received.proposal();
    // Even a finished job keeps what it saw until slot end, so equivocation is still detected.
    int index = proposal.index();
    Received existing = blocks.get(index);
    if (existing != null) {
      if (existing.proposal().id().equals(proposal.id())) {
        duplicates++;
        LOG.debug("slot={} index={} duplicate block ignored", slot, index);
        return;
      }
      equivocation(
          MessageKind.BLOCK_PROPOSAL,
          index,
          existing.proposal().id(),
          proposal.id(),
          existing.proposal().encode(),
          proposal.encode());
      return;
    }
    if (outcome.isDone()) {
      blocks.put(index, received);
      return;
    }
    if (checkpoint != null && index > checkpoint.lastBlockIndex()) {
      fail(
          AttestationStatus.INDEX_OUT_OF_BOUNDS,
          "block index "
              + index
              + " after the checkpoint's last block "
              + checkpoint.lastBlockIndex());
      return;
    }
    blocks.put(index, received);
  }

  private void handleCheckpoint(CheckpointProposal proposal, Received last) {
    if (checkpoint != null) {
      if (checkpoint.id().equals(proposal.id())) {
        duplicates++;
        return;
      }
      equivocation(
          MessageKind.CHECKPOINT_PROPOSAL,
          0,
          checkpoint.id(),
          proposal.id(),
          checkpoint.encode(),
          proposal.encode());
      return;
    }
    if (outcome.isDone()) {
      checkpoint = proposal;
      handleBlock(last);
      return;
    }
    if (!blocks.isEmpty() && blocks.lastKey() > proposal.lastBlockIndex()) {
      fail(
          AttestationStatus.INDEX_OUT_OF_BOUNDS,
          "block "
              + blocks.lastKey()
              + " received but the checkpoint ends at "
              + proposal.lastBlockIndex());
      return;
    }
    checkpoint = proposal;
    handleBlock(last);
  }

  private void equivocation(
      MessageKind kind,
      int index,
      Bytes32 first,
      Bytes32 second,
      byte[] firstBytes,
      byte[] secondBytes) {
    EquivocationEvidence evidence =
        new EquivocationEvidence(
            kind,
            slot,
            index,
            context.epochCache().proposerFor(slot),
            first,
            second,
            firstBytes,
            secondBytes);
    LOG.warn("slot={} {}", slot, evidence);
    listener.onEquivocation(evidence);
    fail(AttestationStatus.EQUIVOCATION, evidence.toString());
  }

  /** Executes queued blocks in index order for as long as the next one is here. */
  private void drain() {
    if (mode == ExecutionMode.ON_CHECKPOINT && checkpoint == null) {
      return;
    }
    while (!outcome.isDone() && waitingOn == null) {
      int next = executed.size();
      Received r = blocks.get(next);
      if (r == null) {
        return;
      }
      if (builder == null && !startCheckpoint(r.proposal())) {
        return;
      }
      Optional<List<Tx>> txs = txsFor(r.proposal());
      if (txs.isEmpty()) {
        return;
      }
      execute(next, r, txs.get());
    }
  }

  private boolean startCheckpoint(BlockProposal first) {
    BlockProposalPayload payload = first.payload();
    GlobalVariables globals = payload.blockHeader().globalVariables();
    if (!globals.slotNumber().equals(slot)
        || globals.timestamp() != context.timetable().slotStart(slot).getEpochSecond()) {
      fail(
          AttestationStatus.INVALID_BLOCK,
          "first block's slot or timestamp is not slot " + slot + "'s");
      return false;
    }
    Fr parentArchive = payload.blockHeader().lastArchive().root();
    // Only on this node's tip: a parent that is final here but older than the tip (a proposer
    // restarted on an old archive) would be an attestation to a fork. A parent that becomes the
    // tip before the deadline (its quorum still on its way, or an L1 prune rolling back to it) is
    // waited for.
    CompletableFuture<BlockNumber> parent = chain.awaitTip(parentArchive);
    if (!parent.isDone()) {
      boolean held = chain.worldState().blockWithArchiveRoot(parentArchive).isPresent();
      LOG.info(
          "slot={} waiting for parent archive {} to become this node's tip ({})",
          slot,
          parentArchive,
          held ? "held, but older than the tip " + chain.tip().archiveRoot() : "not final here");
      await(parent, held ? AttestationStatus.STALE_PARENT : AttestationStatus.UNKNOWN_PARENT);
      return false;
    }
    if (chain.tip().slot().filter(s -> !slot.isAfter(s)).isPresent()) {
      fail(AttestationStatus.INVALID_BLOCK, "slot " + slot + " is not after the parent's slot");
      return false;
    }
    builder =
        checkpoints.startCheckpoint(
            chain.nextCheckpointNumber(),
            CheckpointGlobals.from(globals),
            List.of(),
            chain.worldState().fork(parent.join()));
    return true;
  }

  private Optional<List<Tx>> txsFor(BlockProposal proposal) {
    if (proposal.txs().isPresent()) {
      return proposal.txs().map(txSource::shared);
    }
    CompletableFuture<List<Tx>> found = txSource.txs(proposal.payload().txHashes());
    if (found.isDone() && !found.isCompletedExceptionally()) {
      return Optional.of(found.join());
    }
    await(found, AttestationStatus.MISSING_TXS);
    return Optional.empty();
  }

  @SuppressWarnings("FutureReturnValueIgnored") // whenComplete only hands over to serial
  private void await(CompletableFuture<?> future, AttestationStatus ifNeverDone) {
    waitingOn = future;
    waitingFor = ifNeverDone;
    future.whenComplete(
        (v, e) ->
            serial.execute(
                () -> {
                  if (waitingOn == future) {
                    waitingOn = null;
                    waitingFor = null;
                    drain();
                    tryFinish();
                  }
                }));
  }

  private void execute(int index, Received r, List<Tx> txs) {
    BlockReExecution.Outcome reExecuted =
        BlockReExecution.execute(builder, index, r.proposal().payload(), txs, limits);
    if (reExecuted.failure().isPresent()) {
      fail(
          reExecuted.failure().get() == BlockReExecution.Failure.INVALID_BLOCK
              ? AttestationStatus.INVALID_BLOCK
              : AttestationStatus.STATE_MISMATCH,
          reExecuted.detail());
      return;
    }
    L2Block block = reExecuted.block().orElseThrow();
    executed.add(index);
    listener.onBlockExecuted(
        new BlockExecuted(
            slot,
            index,
            r.broadcastAt(),
            r.receivedAt(),
            scheduler.clock().instant(),
            block.blockNumber(),
            block.txHashes()));
  }

  private void tryFinish() {
    if (outcome.isDone() || checkpoint == null || executed.size() <= checkpoint.lastBlockIndex()) {
      return;
    }
    Checkpoint local = builder.complete();
    if (!local.archiveRoot().equals(checkpoint.payload().archive())
        || !local.header().equals(checkpoint.payload().header())) {
      fail(
          AttestationStatus.STATE_MISMATCH,
          "checkpoint proposed archive "
              + checkpoint.payload().archive()
              + " header "
              + checkpoint.payload().header().hash()
              + " but re-execution gave archive "
              + local.archiveRoot()
              + " header "
              + local.header().hash());
      return;
    }
    chain.offer(local, builder.fork());
    handedOver = true;
    attest();
  }

  private void attest() {
    var known = context.epochCache().findCommitteeFor(slot);
    if (known.isEmpty()) {
      fail(
          AttestationStatus.VALIDATOR_SET_UNKNOWN,
          ValidatorSetUnknownException.describe(context.timetable().epochOf(slot)));
      return;
    }
    var committee = known.get();
    List<SigningKey> members =
        localKeys.stream().filter(k -> committee.contains(k.address())).toList();
    if (members.isEmpty()) {
      finish(
          AttestationStatus.NOT_IN_COMMITTEE,
          "checkpoint matched; no local key in the committee",
          List.of());
      return;
    }
    Optional<String> held = syncGate.holdBack(SyncGate.Duty.ATTEST, slot);
    if (held.isPresent()) {
      fail(AttestationStatus.SYNCING, held.get());
      return;
    }
    Bytes32 payloadHash = checkpoint.payload().as(MessageKind.CHECKPOINT_ATTESTATION).payloadHash();
    List<CheckpointAttestation> signed = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (SigningKey key : members) {
      try {
        SigningDecision decision =
            protector.approve(SigningDuty.checkpointAttestation(key.address(), slot), payloadHash);
        if (decision.allowed()) {
          signed.add(context.signer().attest(checkpoint, key));
        } else {
          refusals.add(key.address() + ": " + decision.reason());
        }
      } catch (SlashingProtectionException e) {
        refusals.add(key.address() + ": " + e.getMessage());
      }
    }
    if (signed.isEmpty()) {
      finish(AttestationStatus.SLASHING_PROTECTION, String.join("; ", refusals), List.of());
    } else {
      finish(
          AttestationStatus.ATTESTED,
          refusals.isEmpty() ? "ok" : "some keys refused: " + String.join("; ", refusals),
          signed);
    }
  }

  private void onDeadline() {
    if (outcome.isDone()) {
      return;
    }
    if (checkpoint == null) {
      finish(
          AttestationStatus.NO_CHECKPOINT,
          "no checkpoint proposal by the attestation deadline; " + missingSummary(),
          List.of());
    } else if (waitingFor != null) {
      finish(
          waitingFor, "still waiting at the attestation deadline; " + missingSummary(), List.of());
    } else {
      finish(AttestationStatus.MISSING_BLOCKS, missingSummary(), List.of());
    }
  }

  private String missingSummary() {
    int last =
        checkpoint != null ? checkpoint.lastBlockIndex() : blocks.isEmpty() ? -1 : blocks.lastKey();
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i <= last; i++) {
      if (!blocks.containsKey(i)) {
        missing.add(i);
      }
    }
    return "executed " + executed + ", received " + blocks.keySet() + ", missing " + missing;
  }

  private void fail(AttestationStatus status, String detail) {
    LOG.warn("slot={} not attesting: {} {}", slot, status, detail);
    finish(status, detail, List.of());
  }

  private void finish(
      AttestationStatus status, String detail, List<CheckpointAttestation> attestations) {
    if (outcome.isDone()) {
      return;
    }
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    if (waitingOn != null) {
      waitingOn.cancel(false);
      waitingOn = null;
    }
    if (builder != null && !handedOver) {
      builder.fork().close();
    }
    AttestationOutcome result =
        new AttestationOutcome(
            slot, status, detail, executed, attestations, scheduler.clock().instant());
    LOG.info("slot={} job finished {} (duplicates ignored: {})", slot, result, duplicates);
    outcome.complete(result);
    listener.onOutcome(result);
  }
}
