package dev.slotstream.core.chain;

import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.l1.CheckpointRebuilder;
import dev.slotstream.core.l1.RebuildException;
import dev.slotstream.core.state.WorldStateFork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a freshly made {@link ChainStore} (at genesis) back to where the node was: every journal
 * entry is applied in order through the chain's own paths (rebuild on a fork of the tip, {@link
 * QuorumValidator#validateLanded}, {@code offer} + {@code onQuorum}; {@code rollbackTo}), then the
 * journal is attached so the chain goes on writing to it. An entry that does not apply (a journal
 * from another network, a gap left by a failed write) ends the replay there and is cut off: the
 * node resumes at the last entry that did apply and catches up like any node that is behind.
 *
 * <p>Run it before anyone listens to the chain's commits: the replayed checkpoints are old news
 * (the tx lifecycle learns their txs through {@code TxLifecycle.restore}, without events).
 */
public final class ChainRestore {
  private static final Logger LOG = LoggerFactory.getLogger(ChainRestore.class);

  /** What a restore did. */
  public record Result(int applied, int dropped, ChainTip tip) {}

  private ChainRestore() {}

  public static Result restore(ChainStore chain, ChainJournal journal, QuorumValidator validator) {
    CheckpointRebuilder rebuilder = new CheckpointRebuilder();
    int applied = 0;
    var entries = journal.takeEntries();
    for (ChainJournal.Entry entry : entries) {
      String failure = apply(chain, rebuilder, validator, entry);
      if (failure != null) {
        int dropped = entries.size() - applied;
        LOG.warn(
            "chain journal: entry {} at offset {} does not apply ({}); dropping it and {} later",
            applied,
            entry.offset(),
            failure,
            dropped - 1);
        journal.truncateAt(entry.offset());
        chain.attachJournal(journal);
        return new Result(applied, dropped, chain.tip());
      }
      applied++;
    }
    chain.attachJournal(journal);
    ChainTip tip = chain.tip();
    LOG.info(
        "chain restored from {}: {} entries, tip checkpoint={} block={} archive={}",
        journal.file(),
        applied,
        tip.checkpointNumber().value(),
        tip.blockNumber().value(),
        tip.archiveRoot());
    return new Result(applied, 0, tip);
  }

  private static String apply(
      ChainStore chain,
      CheckpointRebuilder rebuilder,
      QuorumValidator validator,
      ChainJournal.Entry entry) {
    if (entry instanceof ChainJournal.Rollback r) {
      try {
        chain.rollbackTo(r.to());
        return null;
      } catch (IllegalStateException e) {
        return e.getMessage();
      }
    }
    ChainJournal.Commit c = (ChainJournal.Commit) entry;
    if (!c.number().equals(chain.nextCheckpointNumber())) {
      return "checkpoint " + c.number().value() + " but the chain is at " + chain.tip();
    }
    QuorumValidation validation = validator.validateLanded(c.quorum());
    if (!validation.isValid()) {
      return "quorum refused: " + validation;
    }
    WorldStateFork fork = chain.worldState().forkLatest();
    Checkpoint rebuilt;
    try {
      rebuilt =
          rebuilder.rebuild(
              c.number(), c.quorum().payload(), c.blockHeaders(), c.txEffects(), fork);
    } catch (RebuildException e) {
      fork.close();
      return e.getMessage();
    }
    chain.offer(rebuilt, fork);
    ChainStore.CommitOutcome outcome = chain.onQuorum(validation.verified().orElseThrow());
    return outcome == ChainStore.CommitOutcome.COMMITTED ? null : "did not commit: " + outcome;
  }
}
