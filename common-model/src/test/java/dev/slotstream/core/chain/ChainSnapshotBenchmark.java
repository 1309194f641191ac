package dev.slotstream.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.exec.PublicDataWrite;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.ContentCommitment;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (its name keeps it out of the default run): how big the chain on disk gets and how
 * long a restart's restore takes, for {@code bench.txs} txs of effects (transfers: a nullifier, a
 * note hash, three public data writes among {@code bench.accounts} accounts) in checkpoints of 4
 * blocks of 25 txs, certified by {@link TestNetwork}'s committee, with the node's default
 * retention; once with the whole journal, once with snapshots every {@code bench.snapshotMiB}.
 * Prints the figures (docs/BENCHMARKS.md, "Chain snapshot").
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl common-model test -Dtest=ChainSnapshotBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dbench.txs=100000
 * </pre>
 */
@Tag("benchmark")
class ChainSnapshotBenchmark {
  private static final int TXS = Integer.getInteger("bench.txs", 100_000);
  private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 5_000);
  private static final long SNAPSHOT_AFTER = Long.getLong("bench.snapshotMiB", 16) << 20;
  private static final int BLOCKS = 4;
  private static final int TXS_PER_BLOCK = 25;
  private static final int ROUNDS = 3;

  @TempDir Path fullDir;
  @TempDir Path snapshotDir;

  private final Random random = new Random(2026);
  private final QuorumValidator validator = new QuorumValidator(TestChain.NETWORK.context());

  @Test
  void measureJournalSizeAndRestoreTimeWithAndWithoutSnapshots() {
    TestChain node = new TestChain();
    ChainStore chain = node.chain();
    ChainJournal full = ChainJournal.open(fullDir);
    ChainJournal bounded = ChainJournal.open(snapshotDir);
    chain.attachJournal(
        new ChainStore.Journal() {
          @Override
          public void committed(CommittedCheckpoint c) {
            full.committed(c);
            bounded.committed(c);
          }

          @Override
          public void rolledBack(dev.slotstream.core.types.CheckpointNumber to) {
            full.rolledBack(to);
            bounded.rolledBack(to);
          }
        });
    List<ChainSnapshotter.Taken> taken = new ArrayList<>();
    ChainSnapshotter snapshotter =
        new ChainSnapshotter(
            snapshotDir, chain, bounded, SNAPSHOT_AFTER, Optional.empty(), Runnable::run);
    chain.onCommit(
        c -> {
          if (bounded.size() >= SNAPSHOT_AFTER) {
            snapshotter.snapshotNow().ifPresent(taken::add);
          }
        });
    long largestBounded = 0;
    long started = System.nanoTime();
    long slot = 3;
    for (int txs = 0; txs < TXS; txs += BLOCKS * TXS_PER_BLOCK) {
      commit(chain, slot++);
      largestBounded = Math.max(largestBounded, bounded.size());
    }
    long buildMs = (System.nanoTime() - started) / 1_000_000;
    full.close();
    bounded.close();

    long fullBytes = size(fullDir.resolve(ChainJournal.FILE_NAME));
    long journalBytes = size(snapshotDir.resolve(ChainJournal.FILE_NAME));
    long snapshotBytes = size(snapshotDir.resolve(ChainSnapshotFile.FILE_NAME));
    long[] fullMs = new long[ROUNDS];
    long[] snapshotMs = new long[ROUNDS];
    ChainRestore.Result fromFull = null;
    ChainRestore.Result fromSnapshot = null;
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = System.nanoTime();
      fromFull = restore(fullDir);
      fullMs[r] = (System.nanoTime() - t0) / 1_000_000;
      long t1 = System.nanoTime();
      fromSnapshot = restore(snapshotDir);
      snapshotMs[r] = (System.nanoTime() - t1) / 1_000_000;
    }
    assertThat(fromFull.tip()).isEqualTo(chain.tip());
    assertThat(fromSnapshot.tip()).isEqualTo(chain.tip());
    assertThat(fromSnapshot.chain().worldState().latest().stateReference())
        .isEqualTo(chain.worldState().latest().stateReference());

    long snapshotWriteMs =
        taken.stream()
            .mapToLong(t -> t.took().toMillis())
            .sorted()
            .skip(taken.size() / 2)
            .findFirst()
            .orElse(-1);
    String report =
        String.format(
            "chain snapshot benchmark: %d txs in %d checkpoints (%d ms to build)%n"
                + "  whole journal:      %,d bytes (%.0f B/tx); restore %s ms (%d entries)%n"
                + "  snapshot + journal: snapshot %,d bytes + journal %,d bytes (largest %,d);"
                + " restore %s ms (snapshot at checkpoint %s + %d entries)%n"
                + "  %d snapshots taken every %d MiB of journal, median %d ms each (write +"
                + " compaction)%n",
            TXS,
            chain.tip().checkpointNumber().value(),
            buildMs,
            fullBytes,
            (double) fullBytes / TXS,
            Arrays.toString(fullMs),
            fromFull.applied(),
            snapshotBytes,
            journalBytes,
            largestBounded,
            Arrays.toString(snapshotMs),
            fromSnapshot.snapshot().map(n -> Long.toString(n.value())).orElse("-"),
            fromSnapshot.applied(),
            taken.size(),
            SNAPSHOT_AFTER >> 20,
            snapshotWriteMs);
    System.out.print(report);
    System.err.print(report);
  }

  private ChainRestore.Result restore(Path dir) {
    ChainJournal journal = ChainJournal.open(dir);
    try {
      return ChainRestore.restore(dir, new TestChain().chain(), journal, validator);
    } finally {
      journal.close();
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Fr randomFr() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Fr.reduce(b);
  }

  private Fr account(String kind) {
    return FieldHash.hash(
        (kind + random.nextInt(ACCOUNTS)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A checkpoint of effects on the tip, built as the builder seals blocks, then certified. */
  private void commit(ChainStore chain, long slot) {
    SlotNumber slotNumber = SlotNumber.of(slot);
    EthAddress coinbase = EthAddress.ZERO;
    CheckpointGlobals globals =
        new CheckpointGlobals(
            TestNetwork.CHAIN_ID,
            TestNetwork.VERSION,
            slotNumber,
            TestChain.NETWORK.slotStart(slotNumber).getEpochSecond(),
            coinbase,
            coinbase,
            GasFees.ZERO);
    WorldStateFork fork = chain.worldState().forkLatest();
    Fr lastArchive = fork.archive().root();
    List<L2Block> blocks = new ArrayList<>();
    List<Fr> effectHashes = new ArrayList<>();
    for (int b = 0; b < BLOCKS; b++) {
      List<TxEffect> effects = new ArrayList<>();
      for (int t = 0; t < TXS_PER_BLOCK; t++) {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        TxEffect e =
            new TxEffect(
                new TxHash(Bytes32.wrap(hash)),
                randomFr(),
                randomFr(),
                1,
                21_000,
                List.of(
                    new PublicDataWrite(account("balance"), Fr.of(random.nextInt(1_000_000))),
                    new PublicDataWrite(account("nonce"), Fr.of(random.nextInt(1_000))),
                    new PublicDataWrite(account("balance"), Fr.of(random.nextInt(1_000_000)))));
        fork.insertNullifier(e.nullifier());
        fork.appendNoteHash(e.noteHash());
        e.publicDataWrites().forEach(w -> fork.writePublicData(w.key(), w.value()));
        effects.add(e);
      }
      List<Fr> hashes = effects.stream().map(TxEffect::hash).toList();
      BlockHeader header =
          new BlockHeader(
              fork.archive(),
              fork.stateReference(),
              globals.toGlobalVariables(fork.latestBlockNumber().next()),
              FieldHash.hashList(hashes),
              21_000L * TXS_PER_BLOCK);
      WorldStateSnapshot after = fork.sealBlock(header);
      blocks.add(new L2Block(header, after.archiveRoot(), b, List.of(), effects));
      effectHashes.addAll(hashes);
    }
    CheckpointHeader header =
        new CheckpointHeader(
            lastArchive,
            FieldHash.hashList(blocks.stream().map(x -> x.header().hash()).toList()),
            new ContentCommitment(
                FieldHash.hashList(effectHashes),
                FieldHash.hashList(List.of()),
                CheckpointBuilder.EMPTY_OUT_HASH),
            slotNumber,
            globals.timestamp(),
            coinbase,
            coinbase,
            GasFees.ZERO,
            21_000L * TXS_PER_BLOCK * BLOCKS);
    Checkpoint checkpoint =
        new Checkpoint(chain.nextCheckpointNumber(), header, fork.archive(), blocks);
    chain.offer(checkpoint, fork);
    assertThat(chain.onQuorum(TestChain.NETWORK.certify(checkpoint.payload())))
        .isEqualTo(ChainStore.CommitOutcome.COMMITTED);
  }
}
