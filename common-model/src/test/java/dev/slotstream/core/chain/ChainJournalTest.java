package dev.slotstream.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.types.CheckpointNumber;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainJournalTest {
  @TempDir Path dir;

  private final QuorumValidator validator = new QuorumValidator(TestChain.NETWORK.context());

  /** A node with the journal in {@code dir} attached, as a restarted node would be. */
  private TestChain open() {
    TestChain node = new TestChain();
    ChainRestore.restore(node.chain(), ChainJournal.open(dir), validator);
    return node;
  }

  private static void commit(TestChain node, long slot, long nonce) {
    TestChain.Built b = node.build(slot, nonce);
    node.chain().offer(b.checkpoint(), b.fork());
    assertThat(node.chain().onQuorum(TestChain.NETWORK.certify(b.checkpoint().payload())))
        .isEqualTo(ChainStore.CommitOutcome.COMMITTED);
  }

  @Test
  void aReopenedJournalGivesBackTheSameTipArchiveAndState() {
    TestChain before = open();
    commit(before, 3, 0);
    commit(before, 4, 1);
    commit(before, 6, 2);
    ChainTip tip = before.chain().tip();
    var state = before.chain().worldState().latest();

    TestChain after = open();

    assertThat(after.chain().tip()).isEqualTo(tip);
    assertThat(after.chain().worldState().latest().archiveRoot()).isEqualTo(state.archiveRoot());
    assertThat(after.chain().worldState().latest().stateReference())
        .isEqualTo(state.stateReference());
    assertThat(after.chain().worldState().latest().nonce(TestChain.ALICE.address())).isEqualTo(3);
    assertThat(after.chain().archiveOf(CheckpointNumber.of(2)))
        .isEqualTo(before.chain().archiveOf(CheckpointNumber.of(2)));
    // The reopened chain goes on journaling: the next commit survives a second restart.
    commit(after, 7, 3);
    assertThat(open().chain().tip()).isEqualTo(after.chain().tip());
  }

  @Test
  void theEntriesReadAtOpenAreHandedOverOnceAndNotKept() {
    TestChain before = open();
    commit(before, 3, 0);
    commit(before, 4, 1);

    ChainJournal journal = ChainJournal.open(dir);

    assertThat(journal.takeEntries()).hasSize(2);
    assertThat(journal.takeEntries()).isEmpty();
  }

  @Test
  void aRollbackIsJournaledToo() {
    TestChain before = open();
    commit(before, 3, 0);
    ChainTip first = before.chain().tip();
    commit(before, 4, 1);
    before.chain().rollbackTo(CheckpointNumber.of(1));
    commit(before, 5, 1);
    ChainTip tip = before.chain().tip();
    assertThat(tip).isNotEqualTo(first);

    assertThat(open().chain().tip()).isEqualTo(tip);
  }

  @Test
  void aTornLastEntryIsDroppedAndTheChainResumesAtTheEntryBefore() throws IOException {
    TestChain before = open();
    commit(before, 3, 0);
    commit(before, 4, 1);
    ChainTip afterTwo = before.chain().tip();
    Path file = dir.resolve(ChainJournal.FILE_NAME);
    long intact = Files.size(file);
    commit(before, 5, 2);
    long full = Files.size(file);
    // kill -9 half-way through the third append: only part of its bytes reached the disk.
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(intact + (full - intact) / 2);
    }

    TestChain after = open();

    assertThat(after.chain().tip()).isEqualTo(afterTwo);
    assertThat(Files.size(file)).isEqualTo(intact);
    commit(after, 6, 2);
    assertThat(open().chain().tip()).isEqualTo(after.chain().tip());
  }

  @Test
  void aCorruptLastEntryFailsItsChecksumAndIsDropped() throws IOException {
    TestChain before = open();
    commit(before, 3, 0);
    ChainTip afterOne = before.chain().tip();
    Path file = dir.resolve(ChainJournal.FILE_NAME);
    long intact = Files.size(file);
    commit(before, 4, 1);
    // Same length, one flipped byte in the last entry's body (a sector written half).
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = intact + 8 + (Files.size(file) - intact - 8) / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }

    assertThat(open().chain().tip()).isEqualTo(afterOne);
    assertThat(Files.size(file)).isEqualTo(intact);
  }

  @Test
  void aJournalOfAnotherChainStopsAtItsFirstEntryInsteadOfCorruptingTheState() {
    TestChain before = open();
    commit(before, 3, 0);
    // The same journal, restored onto a chain that already moved elsewhere.
    TestChain other = new TestChain();
    commit(other, 2, 0);
    ChainTip otherTip = other.chain().tip();

    ChainRestore.Result result =
        ChainRestore.restore(other.chain(), ChainJournal.open(dir), validator);

    assertThat(result.applied()).isZero();
    assertThat(result.dropped()).isEqualTo(1);
    assertThat(other.chain().tip()).isEqualTo(otherTip);
  }
}
