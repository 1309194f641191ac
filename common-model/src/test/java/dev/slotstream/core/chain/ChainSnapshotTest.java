package dev.slotstream.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.chain.ChainStore.CommitOutcome;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.exec.TxExecutor;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.core.types.CheckpointNumber;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain snapshot (docs/PROTOCOL.md §11.5): the chain at its rollback floor on disk, the journal
 * cut after it, and a restore from the pair that equals a replay of the whole log, whatever point a
 * crash left them at.
 */
class ChainSnapshotTest {
  // At most 8 checkpoints kept; beyond the newest 2, at most 3 txs (one tx per test checkpoint):
  // 3 are kept, the oldest of them the rollback floor.
  private static final int KEPT = 3;

  @TempDir Path dir;
  @TempDir Path fullLogDir;

  private final QuorumValidator validator = new QuorumValidator(TestChain.NETWORK.context());
  private long slot = 3;
  private long nonce;

  private static TestChain genesis() {
    return new TestChain(w -> new ChainStore(w, 8, 2, KEPT));
  }

  /** A node at genesis whose chain writes to {@code journal}. */
  private static TestChain journaledTo(ChainJournal journal) {
    TestChain node = genesis();
    node.chain().attachJournal(journal);
    return node;
  }

  /** What a restarted node does with {@code dir}. */
  private ChainRestore.Result restore(Path from) {
    return ChainRestore.restore(from, genesis().chain(), ChainJournal.open(from), validator);
  }

  private void commit(TestChain node, int checkpoints) {
    for (int i = 0; i < checkpoints; i++) {
      TestChain.Built b = node.build(slot++, nonce++);
      node.chain().offer(b.checkpoint(), b.fork());
      assertThat(node.chain().onQuorum(TestChain.NETWORK.certify(b.checkpoint().payload())))
          .isEqualTo(CommitOutcome.COMMITTED);
    }
  }

  /** A node journaling to {@code dir} and, entry for entry, to a second log never compacted. */
  private TestChain nodeWithFullLogBeside(ChainJournal journal) {
    TestChain node = genesis();
    ChainJournal full = ChainJournal.open(fullLogDir);
    node.chain()
        .attachJournal(
            new ChainStore.Journal() {
              @Override
              public void committed(CommittedCheckpoint c) {
                journal.committed(c);
                full.committed(c);
              }

              @Override
              public void rolledBack(CheckpointNumber to) {
                journal.rolledBack(to);
                full.rolledBack(to);
              }
            });
    return node;
  }

  private ChainSnapshotter snapshotter(TestChain node, ChainJournal journal) {
    return new ChainSnapshotter(dir, node.chain(), journal, 1, Optional.empty(), Runnable::run);
  }

  private static void assertSameChain(ChainStore actual, ChainStore expected) {
    assertThat(actual.tip()).isEqualTo(expected.tip());
    WorldStateSnapshot a = actual.worldState().latest();
    WorldStateSnapshot e = expected.worldState().latest();
    assertThat(a.header()).isEqualTo(e.header());
    assertThat(a.archive()).isEqualTo(e.archive());
    assertThat(a.stateReference()).isEqualTo(e.stateReference());
    assertThat(a.nonce(TestChain.ALICE.address())).isEqualTo(e.nonce(TestChain.ALICE.address()));
    for (long n = 0; n <= expected.tip().checkpointNumber().value(); n++) {
      CheckpointNumber c = CheckpointNumber.of(n);
      assertThat(actual.archiveOf(c)).as("archive of %s", n).isEqualTo(expected.archiveOf(c));
    }
  }

  @Test
  void aSnapshotReadsBackWithTheSameTipArchivesAndTrees() {
    TestChain node = genesis();
    commit(node, 12);
    ChainSnapshot taken = node.chain().snapshotAtRollbackFloor().orElseThrow();
    assertThat(taken.tip().checkpointNumber())
        .isEqualTo(node.chain().rollbackFloor().orElseThrow());
    assertThat(taken.tip().checkpointNumber().value()).isEqualTo(12 - KEPT + 1);

    ChainSnapshotFile.write(dir, taken);
    ChainSnapshot read = ChainSnapshotFile.read(dir).orElseThrow();

    assertThat(read.tip()).isEqualTo(taken.tip());
    assertThat(read.archives()).isEqualTo(taken.archives());
    assertThat(read.state().header()).isEqualTo(taken.state().header());
    assertThat(read.state().archive()).isEqualTo(taken.state().archive());
    assertThat(read.state().stateReference()).isEqualTo(taken.state().stateReference());
    assertThat(read.state().nonce(TestChain.ALICE.address()))
        .isEqualTo(taken.state().nonce(TestChain.ALICE.address()));
    assertThat(read.state().archiveTree().leaves()).isEqualTo(taken.state().archiveTree().leaves());
    assertThat(read.state().publicDataTree().leaves())
        .isEqualTo(taken.state().publicDataTree().leaves());
    long nonces = read.state().nonce(TestChain.ALICE.address());
    assertThat(nonces).isPositive();
    for (long n = 0; n <= nonces; n++) {
      assertThat(read.state().hasNullifier(TxExecutor.nullifierOf(TestChain.ALICE.address(), n)))
          .isEqualTo(n < nonces);
    }
  }

  @Test
  void snapshotPlusTheEntriesAfterItRestoresWhatTheWholeLogDoes() {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = nodeWithFullLogBeside(journal);
    commit(node, 12);
    long before = journal.size();
    ChainSnapshotter.Taken taken = snapshotter(node, journal).snapshotNow().orElseThrow();
    assertThat(taken.journalBytesDropped()).isPositive();
    assertThat(journal.size()).isEqualTo(before - taken.journalBytesDropped());
    commit(node, 3);

    ChainRestore.Result fromSnapshot = restore(dir);
    TestChain full = genesis();
    ChainRestore.restore(full.chain(), ChainJournal.open(fullLogDir), validator);

    assertThat(fromSnapshot.snapshot()).contains(taken.checkpoint());
    assertThat(fromSnapshot.applied()).isEqualTo(KEPT - 1 + 3);
    assertThat(fromSnapshot.dropped()).isZero();
    assertSameChain(fromSnapshot.chain(), full.chain());
    assertSameChain(fromSnapshot.chain(), node.chain());
    // The same reach back for a rollback as the node had.
    CheckpointNumber floor = node.chain().rollbackFloor().orElseThrow();
    assertThat(fromSnapshot.chain().rollbackFloor()).contains(floor);
    assertThatThrownBy(() -> fromSnapshot.chain().rollbackTo(floor.previous()))
        .isInstanceOf(IllegalStateException.class);
    fromSnapshot.chain().rollbackTo(floor);
    node.chain().rollbackTo(floor);
    assertSameChain(fromSnapshot.chain(), node.chain());
  }

  @Test
  void entriesAppendedWhileTheJournalIsCompactedAreKeptInOrder() {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = journaledTo(journal);
    commit(node, 12);
    ChainSnapshot snapshot = node.chain().snapshotAtRollbackFloor().orElseThrow();
    ChainSnapshotFile.write(dir, snapshot);

    long dropped = journal.compactAfter(snapshot.tip().checkpointNumber(), () -> commit(node, 2));

    assertThat(dropped).isPositive();
    ChainRestore.Result restored = restore(dir);
    assertThat(restored.skipped()).isZero();
    assertThat(restored.applied()).isEqualTo(2 + 2);
    assertSameChain(restored.chain(), node.chain());
  }

  @Test
  void anOlderSnapshotIsNotWrittenOverANewerOne() {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = journaledTo(journal);
    commit(node, 12);
    ChainSnapshot older = node.chain().snapshotAtRollbackFloor().orElseThrow();
    commit(node, 2);
    ChainSnapshotter snapshotter = snapshotter(node, journal);
    assertThat(snapshotter.snapshotNow()).isPresent();

    // A slow snapshot thread finishing after a newer snapshot and its compaction.
    assertThat(snapshotter.take(older)).isEmpty();

    assertThat(ChainSnapshotFile.read(dir).orElseThrow().tip())
        .isEqualTo(node.chain().snapshotAtRollbackFloor().orElseThrow().tip());
    assertSameChain(restore(dir).chain(), node.chain());
  }

  @Test
  void aRollbackAfterTheSnapshotToItsCheckpointStillReplays() {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = nodeWithFullLogBeside(journal);
    commit(node, 12);
    ChainSnapshotter.Taken taken = snapshotter(node, journal).snapshotNow().orElseThrow();
    // The deepest rollback the node can make: to the snapshot's own checkpoint.
    node.chain().rollbackTo(taken.checkpoint());
    nonce = taken.checkpoint().value();
    commit(node, 2);

    ChainRestore.Result restored = restore(dir);

    assertThat(restored.dropped()).isZero();
    assertSameChain(restored.chain(), node.chain());
    // And the restored chain goes on journaling: the next commit survives another restart.
    TestChain again = TestChain.on(restored.chain());
    commit(again, 1);
    assertSameChain(restore(dir).chain(), again.chain());
  }

  @Test
  void aSnapshotWrittenButTheJournalNotYetCompactedSkipsTheEntriesBeforeIt() {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = journaledTo(journal);
    commit(node, 12);
    // A crash right after the snapshot's rename: the journal still starts at genesis.
    ChainSnapshot snapshot = node.chain().snapshotAtRollbackFloor().orElseThrow();
    ChainSnapshotFile.write(dir, snapshot);
    commit(node, 2);

    ChainRestore.Result restored = restore(dir);

    assertThat(restored.snapshot()).contains(snapshot.tip().checkpointNumber());
    assertThat(restored.skipped()).isEqualTo((int) snapshot.tip().checkpointNumber().value());
    assertThat(restored.applied()).isEqualTo(14 - restored.skipped());
    assertThat(restored.dropped()).isZero();
    assertSameChain(restored.chain(), node.chain());
  }

  @Test
  void aTornSnapshotIsSetAsideAndAJournalFromGenesisIsReplayedWhole() throws IOException {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = journaledTo(journal);
    commit(node, 12);
    ChainSnapshotFile.write(dir, node.chain().snapshotAtRollbackFloor().orElseThrow());
    Path file = dir.resolve(ChainSnapshotFile.FILE_NAME);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }

    ChainRestore.Result restored = restore(dir);

    assertThat(restored.snapshot()).isEmpty();
    assertThat(restored.applied()).isEqualTo(12);
    assertSameChain(restored.chain(), node.chain());
    assertThat(file).doesNotExist();
    assertThat(dir.resolve(ChainSnapshotFile.CORRUPT_NAME)).exists();
  }

  @Test
  void aCorruptSnapshotWithACompactedJournalStartsAtGenesisAndKeepsBothAside() throws IOException {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = journaledTo(journal);
    commit(node, 12);
    assertThat(snapshotter(node, journal).snapshotNow()).isPresent();
    commit(node, 1);
    Path file = dir.resolve(ChainSnapshotFile.FILE_NAME);
    // One flipped bit deep in the trees: only the checksum can tell.
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() - 40;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
    long journalBytes = Files.size(dir.resolve(ChainJournal.FILE_NAME));

    ChainRestore.Result restored = restore(dir);

    assertThat(restored.tip().checkpointNumber()).isEqualTo(CheckpointNumber.ZERO);
    assertThat(restored.chain().tip()).isEqualTo(genesis().chain().tip());
    assertThat(dir.resolve(ChainSnapshotFile.CORRUPT_NAME)).exists();
    assertThat(dir.resolve(ChainJournal.ORPHANED_NAME)).hasSize(journalBytes);
    assertThat(dir.resolve(ChainJournal.FILE_NAME)).isEmptyFile();
  }

  @Test
  void aSnapshotOfAnotherNetworkIsNotUsed() {
    TestChain other = new TestChain(w -> new ChainStore(w, 8, 2, KEPT));
    commit(other, 12);
    ChainSnapshot theirs = other.chain().snapshotAtRollbackFloor().orElseThrow();
    // Another genesis: the same chain's archives with a different genesis root.
    var archives = new java.util.ArrayList<>(theirs.archives());
    archives.set(0, dev.slotstream.core.types.Fr.of(42));
    ChainSnapshotFile.write(dir, new ChainSnapshot(theirs.tip(), archives, theirs.state()));

    ChainRestore.Result restored = restore(dir);

    assertThat(restored.snapshot()).isEmpty();
    assertThat(restored.chain().tip()).isEqualTo(genesis().chain().tip());
    assertThat(dir.resolve(ChainSnapshotFile.CORRUPT_NAME)).exists();
  }

  @Test
  void temporaryFilesLeftByACrashAreIgnoredAndRemoved() throws IOException {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = journaledTo(journal);
    commit(node, 12);
    assertThat(snapshotter(node, journal).snapshotNow()).isPresent();
    commit(node, 1);
    journal.close();
    // A crash mid-write of the next snapshot and mid-copy of the next compaction.
    Files.write(dir.resolve(ChainSnapshotFile.TEMP_NAME), new byte[] {1, 2, 3});
    Files.write(dir.resolve(ChainJournal.COMPACT_NAME), new byte[] {4, 5, 6});

    ChainRestore.Result restored = restore(dir);

    assertThat(restored.dropped()).isZero();
    assertSameChain(restored.chain(), node.chain());
    assertThat(dir.resolve(ChainSnapshotFile.TEMP_NAME)).doesNotExist();
    assertThat(dir.resolve(ChainJournal.COMPACT_NAME)).doesNotExist();
  }

  @Test
  void theJournalStaysBoundedOverManyCommits() {
    ChainJournal journal = ChainJournal.open(dir);
    TestChain node = journaledTo(journal);
    commit(node, 1);
    long entry = journal.size();
    long threshold = 4 * entry;
    new ChainSnapshotter(dir, node.chain(), journal, threshold, Optional.empty(), Runnable::run)
        .start();
    long largest = 0;
    for (int i = 0; i < 60; i++) {
      commit(node, 1);
      largest = Math.max(largest, journal.size());
    }

    // The kept window (KEPT checkpoints), plus what may grow before the next snapshot.
    assertThat(largest).isLessThanOrEqualTo((KEPT + 4 + 2) * entry);
    assertThat(journal.size()).isLessThan(61 * entry / 3);
    ChainRestore.Result restored = restore(dir);
    assertThat(restored.snapshot()).isPresent();
    assertSameChain(restored.chain(), node.chain());
  }
}
