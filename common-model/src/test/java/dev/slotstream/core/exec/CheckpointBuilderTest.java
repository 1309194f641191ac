package dev.slotstream.core.exec;

import static dev.slotstream.core.exec.ExecFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.duty.SteppingClock;
import dev.slotstream.core.exec.BlockExecutionException.Failure;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CheckpointBuilderTest {
  private static final CheckpointNumber CHECKPOINT = CheckpointNumber.of(1);
  private static final int ACCOUNTS = 16;

  /** Three blocks of generated txs, the same for every call. */
  private static List<List<Tx>> blockTxs() {
    ExecFixtures.TxGenerator gen = new ExecFixtures.TxGenerator(2024, ACCOUNTS);
    return List.of(gen.next(12), gen.next(7), gen.next(20));
  }

  private static CheckpointBuilder start(WorldState world) {
    return start(world.fork(world.tipBlockNumber()));
  }

  private static CheckpointBuilder start(WorldStateFork fork) {
    return CheckpointBuilder.start(CHECKPOINT, globals(5), messages(3), fork, validator());
  }

  private static Checkpoint propose(WorldState world, List<List<Tx>> txs) {
    CheckpointBuilder builder = start(world);
    BlockNumber n = world.tipBlockNumber();
    for (List<Tx> block : txs) {
      n = n.next();
      BlockBuildResult r = builder.buildBlock(block, n, BlockBuildLimits.PROTOCOL);
      assertThat(r.failedTxs()).isEmpty();
      assertThat(r.producedBlock()).isTrue();
    }
    return builder.complete();
  }

  private static Checkpoint reexecute(WorldStateFork fork, Checkpoint proposal) throws Exception {
    CheckpointBuilder builder = start(fork);
    for (L2Block b : proposal.blocks()) {
      L2Block mine = builder.executeBlock(b.txs(), b.blockNumber(), BlockBuildLimits.PROTOCOL);
      assertThat(mine.header()).isEqualTo(b.header());
      assertThat(mine.archiveRoot()).isEqualTo(b.archiveRoot());
    }
    return builder.complete();
  }

  @Test
  void sameInputsBuildTheSameCheckpointBytesOnTwoWorldStates() {
    Checkpoint a = propose(genesis(ACCOUNTS), blockTxs());
    Checkpoint b = propose(genesis(ACCOUNTS), blockTxs());
    assertThat(a.header().encode()).isEqualTo(b.header().encode());
    assertThat(a.header().hash()).isEqualTo(b.header().hash());
    assertThat(a.archive()).isEqualTo(b.archive());
    for (int i = 0; i < a.blocks().size(); i++) {
      assertThat(a.blocks().get(i).header().encode())
          .isEqualTo(b.blocks().get(i).header().encode());
    }
  }

  @Test
  void genesisDoesNotDependOnTheBalanceMapsIterationOrder() {
    var forward = balances(ACCOUNTS);
    var reversed = new java.util.LinkedHashMap<dev.slotstream.core.types.EthAddress, Long>();
    List<dev.slotstream.core.types.EthAddress> keys = new ArrayList<>(forward.keySet());
    java.util.Collections.reverse(keys);
    keys.forEach(k -> reversed.put(k, forward.get(k)));
    assertThat(WorldState.genesis(CHAIN_ID, VERSION, reversed).latest().archiveRoot())
        .isEqualTo(WorldState.genesis(CHAIN_ID, VERSION, forward).latest().archiveRoot());
  }

  @Test
  void strictReExecutionReproducesTheProposersHeadersAndArchive() throws Exception {
    Checkpoint proposal = propose(genesis(ACCOUNTS), blockTxs());
    WorldState validatorWorld = genesis(ACCOUNTS);
    Checkpoint local = reexecute(validatorWorld.fork(BlockNumber.ZERO), proposal);
    assertThat(local.header()).isEqualTo(proposal.header());
    assertThat(local.archive()).isEqualTo(proposal.archive());
    assertThat(local.payload()).isEqualTo(proposal.payload());
  }

  @Test
  void tamperedTxSetsYieldADifferentArchive() throws Exception {
    List<List<Tx>> honest = blockTxs();
    Checkpoint reference = propose(genesis(ACCOUNTS), honest);

    // drop the last tx of the last block
    List<List<Tx>> dropped = new ArrayList<>(honest);
    dropped.set(2, honest.get(2).subList(0, honest.get(2).size() - 1));
    assertThat(propose(genesis(ACCOUNTS), dropped).archiveRoot())
        .isNotEqualTo(reference.archiveRoot());

    // move a tx from block 2 to block 1 (same txs, different block boundaries)
    List<List<Tx>> moved = new ArrayList<>(honest);
    List<Tx> first = new ArrayList<>(honest.get(0));
    first.add(honest.get(1).get(0));
    moved.set(0, first);
    moved.set(1, honest.get(1).subList(1, honest.get(1).size()));
    Checkpoint movedCheckpoint = propose(genesis(ACCOUNTS), moved);
    assertThat(movedCheckpoint.archiveRoot()).isNotEqualTo(reference.archiveRoot());
    assertThat(movedCheckpoint.header().contentCommitment().blobsHash())
        .isEqualTo(reference.header().contentCommitment().blobsHash());
    assertThat(movedCheckpoint.header().blockHeadersHash())
        .isNotEqualTo(reference.header().blockHeadersHash());
  }

  @Test
  void strictReExecutionRefusesABlockWithAnInvalidTx() throws Exception {
    WorldState world = genesis(ACCOUNTS);
    CheckpointBuilder builder = start(world);
    Tx good = transfer(account(0), 0, account(1).address(), 5);
    Tx replay = good;
    assertThatThrownBy(
            () ->
                builder.executeBlock(
                    List.of(good, replay), BlockNumber.of(1), BlockBuildLimits.PROTOCOL))
        .isInstanceOfSatisfying(
            BlockExecutionException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.TX_REJECTED);
              assertThat(e.txIndex()).isEqualTo(1);
              assertThat(e.txRejection()).contains(TxRejectionReason.NONCE_TOO_LOW);
            });
    assertThatThrownBy(builder::complete).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void proposerSkipsInvalidTxsAndReportsWhy() {
    WorldState world = genesis(ACCOUNTS);
    CheckpointBuilder builder = start(world);
    Tx good = transfer(account(0), 0, account(1).address(), 5);
    Tx future = transfer(account(0), 9, account(1).address(), 5);
    Tx broke = transfer(account(40), 0, account(1).address(), 5);
    BlockBuildResult r =
        builder.buildBlock(
            List.of(future, good, good, broke), BlockNumber.of(1), BlockBuildLimits.PROTOCOL);
    assertThat(r.includedTxs()).containsExactly(good);
    assertThat(r.failedTxs())
        .extracting(FailedTx::reason)
        .containsExactly(
            TxRejectionReason.NONCE_TOO_HIGH,
            TxRejectionReason.NONCE_TOO_LOW,
            TxRejectionReason.INSUFFICIENT_BALANCE);
    assertThat(r.block().orElseThrow().txs()).containsExactly(good);
  }

  @Test
  void proposerDefersTxsBeyondTheBlockLimits() {
    List<Tx> txs = new ExecFixtures.TxGenerator(1, ACCOUNTS).next(10);
    BlockBuildResult byCount =
        start(genesis(ACCOUNTS))
            .buildBlock(txs, BlockNumber.of(1), new BlockBuildLimits(4, Long.MAX_VALUE));
    assertThat(byCount.includedTxs()).containsExactlyElementsOf(txs.subList(0, 4));
    assertThat(byCount.deferredTxs()).containsExactlyElementsOf(txs.subList(4, 10));

    BlockBuildResult byMana =
        start(genesis(ACCOUNTS))
            .buildBlock(txs, BlockNumber.of(1), new BlockBuildLimits(100, 40_000));
    long mana = byMana.block().orElseThrow().header().totalManaUsed();
    assertThat(mana).isLessThanOrEqualTo(40_000).isPositive();
    assertThat(
            byMana.includedTxs().size() + byMana.deferredTxs().size() + byMana.failedTxs().size())
        .isEqualTo(10);
  }

  @Test
  void proposerStopsTakingTxsAtItsCutoff() {
    List<Tx> txs = new ExecFixtures.TxGenerator(1, ACCOUNTS).next(10);
    Instant start = Instant.parse("2026-12-05T00:00:00Z");
    // Every read of the clock is 1 ms later: the builder reads it once before each tx.
    Clock ticking = new SteppingClock(() -> start, Duration.ofMillis(1)).startStepping();
    BlockBuildResult cut =
        start(genesis(ACCOUNTS))
            .buildBlock(
                txs,
                BlockNumber.of(1),
                BlockBuildLimits.PROTOCOL,
                new BuildCutoff(ticking, start.plusMillis(4)));
    assertThat(cut.cutOff()).isTrue();
    assertThat(cut.includedTxs()).containsExactlyElementsOf(txs.subList(0, 4));
    assertThat(cut.deferredTxs()).containsExactlyElementsOf(txs.subList(4, 10));
    assertThat(cut.block().orElseThrow().txs()).hasSize(4);

    // Reached before the first tx: a first block is sealed empty, a later one is not made.
    CheckpointBuilder builder = start(genesis(ACCOUNTS));
    BuildCutoff passed = new BuildCutoff(Clock.fixed(start, ZoneOffset.UTC), start);
    BlockBuildResult empty =
        builder.buildBlock(txs, BlockNumber.of(1), BlockBuildLimits.PROTOCOL, passed);
    assertThat(empty.cutOff()).isTrue();
    assertThat(empty.block().orElseThrow().txs()).isEmpty();
    BlockBuildResult none =
        builder.buildBlock(txs, BlockNumber.of(2), BlockBuildLimits.PROTOCOL, passed);
    assertThat(none.producedBlock()).isFalse();
    assertThat(none.deferredTxs()).hasSize(10);

    BlockBuildResult uncut =
        start(genesis(ACCOUNTS))
            .buildBlock(txs, BlockNumber.of(1), BlockBuildLimits.PROTOCOL, BuildCutoff.none());
    assertThat(uncut.cutOff()).isFalse();
    assertThat(uncut.includedTxs()).hasSize(10);
  }

  @Test
  void strictReExecutionRefusesBlocksOverTheLimits() {
    List<Tx> txs = new ExecFixtures.TxGenerator(1, ACCOUNTS).next(5);
    assertThatThrownBy(
            () ->
                start(genesis(ACCOUNTS))
                    .executeBlock(txs, BlockNumber.of(1), new BlockBuildLimits(4, Long.MAX_VALUE)))
        .isInstanceOfSatisfying(
            BlockExecutionException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.TOO_MANY_TXS));
    assertThatThrownBy(
            () ->
                start(genesis(ACCOUNTS))
                    .executeBlock(txs, BlockNumber.of(1), new BlockBuildLimits(10, 20_000)))
        .isInstanceOfSatisfying(
            BlockExecutionException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.MANA_LIMIT_EXCEEDED));
    assertThatThrownBy(
            () ->
                start(genesis(ACCOUNTS))
                    .executeBlock(txs, BlockNumber.of(2), BlockBuildLimits.PROTOCOL))
        .isInstanceOfSatisfying(
            BlockExecutionException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_BLOCK_NUMBER));
  }

  @Test
  void anEmptyFirstBlockIsAllowedButAnEmptyNonFirstBlockIsNot() {
    CheckpointBuilder proposer = start(genesis(ACCOUNTS));
    BlockBuildResult first =
        proposer.buildBlock(List.of(), BlockNumber.of(1), BlockBuildLimits.PROTOCOL);
    assertThat(first.producedBlock()).isTrue();
    Tx bad = transfer(account(0), 7, account(1).address(), 1);
    BlockBuildResult second =
        proposer.buildBlock(List.of(bad), BlockNumber.of(2), BlockBuildLimits.PROTOCOL);
    assertThat(second.producedBlock()).isFalse();
    assertThat(second.failedTxs()).hasSize(1);
    assertThat(proposer.nextBlockNumber()).isEqualTo(BlockNumber.of(2));
    Checkpoint checkpoint = proposer.complete();
    assertThat(checkpoint.blocks()).hasSize(1);
    assertThat(checkpoint.header().totalManaUsed()).isZero();

    CheckpointBuilder validator = start(genesis(ACCOUNTS));
    assertThatThrownBy(
            () -> {
              validator.executeBlock(List.of(), BlockNumber.of(1), BlockBuildLimits.PROTOCOL);
              validator.executeBlock(List.of(), BlockNumber.of(2), BlockBuildLimits.PROTOCOL);
            })
        .isInstanceOfSatisfying(
            BlockExecutionException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.EMPTY_NON_FIRST_BLOCK));
  }

  @Test
  void checkpointHeaderCommitsToBlocksEffectsAndMessages() {
    WorldState world = genesis(ACCOUNTS);
    Fr parentArchive = world.latest().archiveRoot();
    CheckpointBuilder builder = start(world);
    List<List<Tx>> txs = blockTxs();
    List<TxEffect> effects = new ArrayList<>();
    BlockNumber n = BlockNumber.ZERO;
    for (List<Tx> block : txs) {
      n = n.next();
      effects.addAll(builder.buildBlock(block, n, BlockBuildLimits.PROTOCOL).effects());
    }
    Checkpoint cp = builder.complete();
    var h = cp.header();
    assertThat(h.lastArchiveRoot()).isEqualTo(parentArchive);
    assertThat(h.blockHeadersHash())
        .isEqualTo(FieldHash.hashList(cp.blocks().stream().map(b -> b.header().hash()).toList()));
    assertThat(h.contentCommitment().blobsHash())
        .isEqualTo(FieldHash.hashList(effects.stream().map(TxEffect::hash).toList()));
    assertThat(h.contentCommitment().inHash()).isEqualTo(FieldHash.hashList(messages(3)));
    assertThat(h.contentCommitment().outHash()).isEqualTo(CheckpointBuilder.EMPTY_OUT_HASH);
    assertThat(h.totalManaUsed())
        .isEqualTo(cp.blocks().stream().mapToLong(b -> b.header().totalManaUsed()).sum());
    assertThat(h.slotNumber()).isEqualTo(globals(5).slotNumber());
    assertThat(cp.archiveRoot()).isEqualTo(cp.lastBlock().archiveRoot());

    BlockHeader firstHeader = cp.blocks().get(0).header();
    assertThat(firstHeader.lastArchive().root()).isEqualTo(parentArchive);
    for (int i = 1; i < cp.blocks().size(); i++) {
      BlockHeader hi = cp.blocks().get(i).header();
      assertThat(firstHeader.globalVariables().sameCheckpointContext(hi.globalVariables()))
          .isTrue();
      assertThat(hi.lastArchive().root()).isEqualTo(cp.blocks().get(i - 1).archiveRoot());
      assertThat(cp.blocks().get(i).indexWithinCheckpoint()).isEqualTo(i);
    }
  }

  @Test
  void committedCheckpointBecomesTheTipAndValidatorsCanStillForkAtTheParent() throws Exception {
    WorldState world = genesis(ACCOUNTS);
    CheckpointBuilder builder = start(world);
    BlockNumber n = BlockNumber.ZERO;
    for (List<Tx> block : blockTxs()) {
      n = n.next();
      builder.buildBlock(block, n, BlockBuildLimits.PROTOCOL);
    }
    Checkpoint cp = builder.complete();
    world.commit(builder.fork(), cp.archiveRoot());

    assertThat(world.tipBlockNumber()).isEqualTo(BlockNumber.of(3));
    assertThat(world.latest().archiveRoot()).isEqualTo(cp.archiveRoot());
    assertThat(world.blockWithArchiveRoot(cp.archiveRoot())).contains(BlockNumber.of(3));
    assertThat(world.at(BlockNumber.of(3)).header()).isEqualTo(cp.lastBlock().header());
    // the blocks inside the checkpoint are not kept: nothing builds on them once it is committed
    assertThat(world.blockWithArchiveRoot(cp.blocks().get(0).archiveRoot())).isEmpty();

    // a late validator still re-executes from the parent (block 0) although block 3 exists
    Checkpoint local = reexecute(world.fork(BlockNumber.ZERO), cp);
    assertThat(local.payload()).isEqualTo(cp.payload());
    // and the tip state equals what the proposer computed
    assertThat(world.latest().stateReference()).isEqualTo(cp.lastBlock().header().state());
  }

  @Test
  void concurrentValidatorJobsForkingTheSameParentAgree() throws Exception {
    WorldState proposerWorld = genesis(ACCOUNTS);
    Checkpoint proposal = propose(proposerWorld, blockTxs());
    WorldState shared = genesis(ACCOUNTS);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Checkpoint>> jobs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        jobs.add(pool.submit(() -> reexecute(shared.fork(BlockNumber.ZERO), proposal)));
      }
      for (Future<Checkpoint> job : jobs) {
        assertThat(job.get().payload()).isEqualTo(proposal.payload());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(shared.tipBlockNumber()).isEqualTo(BlockNumber.ZERO);
  }

  @Test
  void aBlockOfAThousandSignedTransfersBuildsAndReExecutesQuickly() throws Exception {
    int senders = 50;
    List<Tx> txs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int from = i % senders;
      txs.add(transfer(account(from), i / senders, account((from + 1) % senders).address(), 1 + i));
    }
    WorldState world = genesis(senders);
    long t0 = System.nanoTime();
    CheckpointBuilder proposer = start(world);
    BlockBuildResult r = proposer.buildBlock(txs, BlockNumber.of(1), BlockBuildLimits.PROTOCOL);
    Checkpoint cp = proposer.complete();
    long t1 = System.nanoTime();
    assertThat(r.includedTxs()).hasSize(1000);
    Checkpoint local = reexecute(genesis(senders).fork(BlockNumber.ZERO), cp);
    long t2 = System.nanoTime();
    assertThat(local.payload()).isEqualTo(cp.payload());
    System.out.printf(
        "1000-transfer block: build %d ms, strict re-execution %d ms%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    assertThat((t2 - t0) / 1_000_000).isLessThan(30_000);
  }
}
