package dev.slotstream.core.chain;

import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.l1.CheckpointRebuilder;
import dev.slotstream.core.l1.RebuildException;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
 * <p>With a snapshot ({@link ChainSnapshotFile}), the chain starts at the snapshot's checkpoint and
 * only the entries after it are replayed (docs/PROTOCOL.md §11.5).
 *
 * <p>Run it before anyone listens to the chain's commits: the replayed checkpoints are old news
 * (the tx lifecycle learns their txs through {@code TxLifecycle.restore}, without events).
 */
public final class ChainRestore {
  private static final Logger LOG = LoggerFactory.getLogger(ChainRestore.class);

  /**
   * What a restore did.
   *
   * @param chain the restored chain: the one handed in, or one starting at the snapshot
   * @param snapshot the checkpoint of the snapshot it started from, if it did
   * @param skipped journal entries at or before the snapshot (a compaction that did not finish)
   */
  public record Result(
      int applied,
      int dropped,
      ChainTip tip,
      ChainStore chain,
      Optional<CheckpointNumber> snapshot,
      int skipped) {}

  private ChainRestore() {}

  /** Replays the whole journal on {@code chain} (no snapshot). */
  public static Result restore(ChainStore chain, ChainJournal journal, QuorumValidator validator) {
    return replay(chain, journal, validator, journal.takeEntries(), Optional.empty(), 0);
  }

  /**
   * Restores the chain kept in {@code dir}: from its snapshot ({@link ChainSnapshotFile}) if there
   * is one, then the journal's entries after the snapshot's checkpoint; from {@code genesis} (a
   * fresh chain at genesis, whose retention limits the restored one takes) and the whole journal
   * otherwise. A snapshot that cannot be read, or is of another network, is set aside: the whole
   * journal is replayed if it still starts at genesis, and otherwise set aside too and the node
   * starts at genesis and catches up like any node that is behind.
   */
  public static Result restore(
      Path dir, ChainStore genesis, ChainJournal journal, QuorumValidator validator) {
    List<ChainJournal.Entry> entries = journal.takeEntries();
    Optional<ChainSnapshot> snapshot;
    try {
      snapshot = ChainSnapshotFile.read(dir);
      Fr genesisArchive = genesis.archiveOf(CheckpointNumber.ZERO).orElseThrow();
      if (snapshot.isPresent() && !snapshot.get().genesisArchive().equals(genesisArchive)) {
        throw new ChainSnapshotFile.UnreadableSnapshotException(
            "the snapshot's genesis archive "
                + snapshot.get().genesisArchive()
                + " is not this network's "
                + genesisArchive,
            null);
      }
    } catch (ChainSnapshotFile.UnreadableSnapshotException e) {
      LOG.error("chain snapshot in {} unusable, set aside: {}", dir, e.getMessage());
      ChainSnapshotFile.setAside(dir);
      snapshot = Optional.empty();
      if (!startsAtGenesis(entries)) {
        LOG.error(
            "chain journal starts after the lost snapshot ({} entries): set aside; starting at"
                + " genesis, to catch up from L1 or gossip",
            entries.size());
        journal.setAside();
        entries = List.of();
      }
    }
    if (snapshot.isEmpty()) {
      return replay(genesis, journal, validator, entries, Optional.empty(), 0);
    }
    ChainSnapshot s = snapshot.get();
    ChainStore chain = genesis.startingAt(s);
    int skip = 0;
    long at = s.tip().checkpointNumber().value();
    // Entries up to the last one that is about the chain before the snapshot: the COMMIT of its
    // checkpoint (or one before it, if that write had failed) or a rollback to before it. None
    // once the journal was compacted; after it, nothing reaches back that far.
    for (int i = entries.size() - 1; i >= 0; i--) {
      ChainJournal.Entry e = entries.get(i);
      if ((e instanceof ChainJournal.Commit c && c.number().value() <= at)
          || (e instanceof ChainJournal.Rollback r && r.to().value() < at)) {
        skip = i + 1;
        break;
      }
    }
    LOG.info(
        "chain snapshot at checkpoint {} (block {}) read; {} journal entries at or before it"
            + " skipped",
        s.tip().checkpointNumber().value(),
        s.tip().blockNumber().value(),
        skip);
    return replay(
        chain,
        journal,
        validator,
        entries.subList(skip, entries.size()),
        Optional.of(s.tip().checkpointNumber()),
        skip);
  }

  private static boolean startsAtGenesis(List<ChainJournal.Entry> entries) {
    return entries.isEmpty()
        || (entries.get(0) instanceof ChainJournal.Commit c
            && c.number().equals(CheckpointNumber.ZERO.next()));
  }

  private static Result replay(
      ChainStore chain,
      ChainJournal journal,
      QuorumValidator validator,
      List<ChainJournal.Entry> entries,
      Optional<CheckpointNumber> snapshot,
      int skipped) {
    CheckpointRebuilder rebuilder = new CheckpointRebuilder();
    int applied = 0;
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
        return new Result(applied, dropped, chain.tip(), chain, snapshot, skipped);
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
    return new Result(applied, 0, tip, chain, snapshot, skipped);
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
