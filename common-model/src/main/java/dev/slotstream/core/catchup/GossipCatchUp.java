package dev.slotstream.core.catchup;

import dev.slotstream.core.catchup.GossipHistory.Published;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.ChainTip;
import dev.slotstream.core.consensus.BlockProposalValidator;
import dev.slotstream.core.consensus.CheckpointProposalValidator;
import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.VerifiedQuorum;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.BlockReExecution;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a node whose chain is behind the network's final tip back to it from the gossip log alone
 * (docs/PROTOCOL.md §13.6): read the quorum topic from the slot after the tip; for each verified
 * quorum that extends the tip, read that slot's proposals, re-execute them on the tip exactly as a
 * validator does on receipt (same receipt checks but the window, same {@link CheckpointsBuilder}
 * execution, same comparison with the proposed state), and commit through {@code offer} + {@code
 * onQuorum}; repeat until no verified quorum is newer than the tip. Nothing is committed that this
 * node did not re-execute, or without a quorum verified as at its publication (§11.3).
 *
 * <p>One run at a time (the caller's thread); the node's {@link GossipSync} is told where it
 * stands, so duties are held back while the node catches up or cannot.
 */
public final class GossipCatchUp {
  private static final Logger LOG = LoggerFactory.getLogger(GossipCatchUp.class);

  /** Quorum records read per request. */
  static final int BATCH = 256;

  /** How a run ended. */
  public enum Outcome {
    /** The tip is the newest verified quorum's checkpoint, or no verified quorum is newer. */
    SYNCED,
    /**
     * A newer verified quorum exists but the records to reach it are not in the log (a quorum
     * extending the tip, or the proposals or txs of a certified checkpoint): retention, or never
     * published.
     */
    RECORDS_MISSING,
    /** A certified checkpoint's proposals did not re-execute to what its quorum certifies. */
    NOT_VERIFIED
  }

  /** What a run did: how it ended, how many checkpoints it committed, the tip it left. */
  public record Result(Outcome outcome, int committed, ChainTip tip, String detail) {}

  /** Finds txs a proposal names without carrying them (the node's pool). */
  @FunctionalInterface
  public interface Txs extends Function<List<TxHash>, CompletableFuture<List<Tx>>> {}

  private final Timetable timetable;
  private final ChainStore chain;
  private final CheckpointsBuilder checkpoints;
  private final GossipHistory history;
  private final Txs txs;
  private final Duration txWait;
  private final GossipSync sync;
  private final QuorumValidator quorumValidator;
  private final BlockProposalValidator blockValidator;
  private final CheckpointProposalValidator checkpointValidator;

  /**
   * @param txs where the txs of a proposal that does not carry them are looked for
   * @param txWait how long to wait for such txs before the run ends {@code RECORDS_MISSING}
   */
  public GossipCatchUp(
      RollupContext context,
      ChainStore chain,
      CheckpointsBuilder checkpoints,
      GossipHistory history,
      Txs txs,
      Duration txWait,
      GossipSync sync) {
    this.timetable = Objects.requireNonNull(context, "context").timetable();
    this.chain = Objects.requireNonNull(chain, "chain");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.history = Objects.requireNonNull(history, "history");
    this.txs = Objects.requireNonNull(txs, "txs");
    this.txWait = Objects.requireNonNull(txWait, "txWait");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.quorumValidator = new QuorumValidator(context);
    this.blockValidator = new BlockProposalValidator(context);
    this.checkpointValidator = new CheckpointProposalValidator(context);
  }

  public GossipSync sync() {
    return sync;
  }

  /**
   * Whether a verified quorum shows this node is behind: it is of a slot after the tip's and builds
   * on an archive this node does not hold. (One that builds on an older archive the node holds is a
   * fork of its own chain, not progress it missed.)
   */
  public boolean showsBehind(CheckpointQuorum quorum) {
    ChainTip tip = chain.tip();
    Fr parent = quorum.payload().header().lastArchiveRoot();
    return tip.slot().map(s -> quorum.slotNumber().isAfter(s)).orElse(true)
        && !parent.equals(tip.archiveRoot())
        && chain.worldState().blockWithArchiveRoot(parent).isEmpty();
  }

  /**
   * One run: catches up as far as the log allows. Reading the log may throw; what was committed
   * before stays committed, and the next run goes on from the new tip.
   */
  public Result run() {
    int committed = 0;
    while (true) {
      ChainTip tip = chain.tip();
      Instant from = timetable.firstQuorumAfter(tip.slot());
      List<Published<CheckpointQuorum>> read = new ArrayList<>(history.quorumsFrom(from, BATCH));
      // With several partitions the log order is per partition: take them by slot.
      read.sort(
          Comparator.comparing((Published<CheckpointQuorum> p) -> p.message().slotNumber())
              .thenComparing(Published::publishedAt));
      boolean progressed = false;
      Published<CheckpointQuorum> newest = null;
      for (Published<CheckpointQuorum> published : read) {
        CheckpointQuorum quorum = published.message();
        tip = chain.tip();
        if (!isAfterTip(quorum.slotNumber(), tip)) {
          continue;
        }
        Fr parent = quorum.payload().header().lastArchiveRoot();
        boolean extendsTip = parent.equals(tip.archiveRoot());
        if (!extendsTip && chain.worldState().blockWithArchiveRoot(parent).isPresent()) {
          continue; // a fork of an older archive this node holds: never final on its chain
        }
        // Judged at its publication, as every node judged it (§11.3).
        QuorumValidation validation = quorumValidator.validate(quorum, published.publishedAt());
        if (!validation.isValid()) {
          LOG.debug("catch-up: quorum of slot {} ignored: {}", quorum.slotNumber(), validation);
          continue;
        }
        if (!extendsTip) {
          newest = published;
          continue;
        }
        if (committed == 0) {
          sync.catchingUp(
              "tip checkpoint "
                  + tip.checkpointNumber().value()
                  + " (slot "
                  + slotOf(tip)
                  + "), re-executing slot "
                  + quorum.slotNumber());
        }
        Optional<Result> failed =
            replay(quorum, validation.verified().orElseThrow(), committed, tip);
        if (failed.isPresent()) {
          return stop(failed.get());
        }
        committed++;
        progressed = true;
        newest = null;
      }
      if (progressed) {
        continue; // re-read from the new tip: later quorums may have been published meanwhile
      }
      tip = chain.tip();
      if (newest != null) {
        CheckpointQuorum q = newest.message();
        return stop(
            new Result(
                Outcome.RECORDS_MISSING,
                committed,
                tip,
                "a verified quorum of slot "
                    + q.slotNumber()
                    + " builds on archive "
                    + q.payload().header().lastArchiveRoot()
                    + ", which this node does not hold, and no quorum in the log extends its tip"
                    + " (checkpoint "
                    + tip.checkpointNumber().value()
                    + ", slot "
                    + slotOf(tip)
                    + "): records gone (retention?)"));
      }
      String detail =
          "tip checkpoint "
              + tip.checkpointNumber().value()
              + " (slot "
              + slotOf(tip)
              + ") archive "
              + tip.archiveRoot()
              + ", "
              + committed
              + " checkpoint(s) caught up";
      sync.synced(detail);
      if (committed > 0) {
        LOG.info("gossip catch-up done: {}", detail);
      }
      return new Result(Outcome.SYNCED, committed, tip, detail);
    }
  }

  private Result stop(Result result) {
    sync.stuck(result.outcome() + ": " + result.detail());
    return result;
  }

  /** Re-executes the certified checkpoint from the log and commits it; a failure if it cannot. */
  private Optional<Result> replay(
      CheckpointQuorum quorum, VerifiedQuorum verified, int committed, ChainTip tip) {
    SlotNumber slot = quorum.slotNumber();
    Instant from = timetable.quorumWindow(slot).opensAt();
    Instant to = timetable.quorumWindow(slot).closesAt();
    Optional<CheckpointProposal> checkpoint =
        history.checkpointProposals(slot, from, to).stream()
            .map(Published::message)
            .filter(c -> c.payload().equals(quorum.payload()))
            .filter(c -> checkpointValidator.validateRecorded(c).isValid())
            .findFirst();
    if (checkpoint.isEmpty()) {
      return Optional.of(
          missing(committed, "no valid checkpoint proposal of slot " + slot + " in the log"));
    }
    CheckpointProposal proposal = checkpoint.get();
    int last = proposal.lastBlockIndex();
    Map<Integer, BlockProposal> blocks = new HashMap<>();
    blocks.put(last, proposal.lastBlock());
    for (Published<BlockProposal> p : history.blockProposals(slot, from, to)) {
      BlockProposal block = p.message();
      if (block.index() < last
          && !blocks.containsKey(block.index())
          && blockValidator.validateRecorded(block).isValid()) {
        blocks.put(block.index(), block);
      }
    }
    for (int i = 0; i < last; i++) {
      if (!blocks.containsKey(i)) {
        return Optional.of(
            missing(
                committed,
                "block " + i + " of slot " + slot + " (of " + (last + 1) + ") not in the log"));
      }
    }
    BlockProposalPayload first = blocks.get(0).payload();
    CheckpointBuilder builder =
        checkpoints.startCheckpoint(
            chain.nextCheckpointNumber(),
            CheckpointGlobals.from(first.blockHeader().globalVariables()),
            List.of(),
            chain.worldState().fork(tip.blockNumber()));
    boolean handedOver = false;
    try {
      for (int i = 0; i <= last; i++) {
        BlockProposalPayload payload = blocks.get(i).payload();
        Optional<List<Tx>> blockTxs = txsOf(blocks.get(i));
        if (blockTxs.isEmpty()) {
          return Optional.of(
              missing(committed, "txs of block " + i + " of slot " + slot + " not found"));
        }
        BlockReExecution.Outcome executed =
            BlockReExecution.execute(
                builder, i, payload, blockTxs.get(), BlockBuildLimits.PROTOCOL);
        if (executed.failure().isPresent()) {
          return Optional.of(notVerified(committed, "slot " + slot + ": " + executed.detail()));
        }
      }
      Checkpoint local = builder.complete();
      if (!local.payload().equals(quorum.payload())) {
        return Optional.of(
            notVerified(
                committed,
                "slot "
                    + slot
                    + ": re-execution gave archive "
                    + local.archiveRoot()
                    + " but the quorum certifies "
                    + quorum.payload().archive()));
      }
      chain.offer(local, builder.fork());
      handedOver = true;
      ChainStore.CommitOutcome outcome = chain.onQuorum(verified);
      // Committed here, whoever did it; not "is the tip": the live path may already have
      // committed the next checkpoint on top of it.
      if (chain.worldState().blockWithArchiveRoot(quorum.payload().archive()).isEmpty()) {
        return Optional.of(
            notVerified(committed, "slot " + slot + " did not commit here: " + outcome));
      }
      LOG.info(
          "catch-up: checkpoint {} of slot {} re-executed from the log and final ({})",
          local.number().value(),
          slot,
          outcome);
      return Optional.empty();
    } finally {
      if (!handedOver) {
        builder.fork().close();
      }
    }
  }

  private Optional<List<Tx>> txsOf(BlockProposal block) {
    if (block.txs().isPresent()) {
      return block.txs();
    }
    CompletableFuture<List<Tx>> found = txs.apply(block.payload().txHashes());
    try {
      return Optional.of(found.get(txWait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      found.cancel(false);
      return Optional.empty();
    } catch (InterruptedException e) {
      found.cancel(false);
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static boolean isAfterTip(SlotNumber slot, ChainTip tip) {
    return tip.slot().map(slot::isAfter).orElse(true);
  }

  private static String slotOf(ChainTip tip) {
    return tip.slot().map(s -> Long.toString(s.value())).orElse("-");
  }

  private Result missing(int committed, String detail) {
    return new Result(Outcome.RECORDS_MISSING, committed, chain.tip(), detail);
  }

  private Result notVerified(int committed, String detail) {
    return new Result(Outcome.NOT_VERIFIED, committed, chain.tip(), detail);
  }
}
