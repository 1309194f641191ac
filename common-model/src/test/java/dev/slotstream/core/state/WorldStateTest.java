package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class WorldStateTest {
  private static final EthAddress ALICE = EthAddress.fromHex("0x" + "aa".repeat(20));
  private static final EthAddress BOB = EthAddress.fromHex("0x" + "bb".repeat(20));
  private static final EthAddress CAROL = EthAddress.fromHex("0x" + "cc".repeat(20));

  private static WorldState world() {
    return WorldState.genesis(7, 1, Map.of(ALICE, 100L, BOB, 50L));
  }

  /** Seals the next block on a fork with a header describing it. */
  private static WorldStateSnapshot seal(WorldStateFork fork) {
    BlockNumber n = fork.latestBlockNumber().next();
    GlobalVariables g =
        new GlobalVariables(
            7, 1, n, SlotNumber.of(n.value()), 10, EthAddress.ZERO, EthAddress.ZERO, GasFees.ZERO);
    return fork.sealBlock(new BlockHeader(fork.archive(), fork.stateReference(), g, Fr.ZERO, 0));
  }

  @Test
  void genesisHoldsTheInitialBalancesAndOneArchiveLeaf() {
    WorldState world = world();
    WorldStateSnapshot g = world.latest();
    assertThat(g.blockNumber()).isEqualTo(BlockNumber.ZERO);
    assertThat(g.balance(ALICE)).isEqualTo(100);
    assertThat(g.balance(CAROL)).isZero();
    assertThat(g.nonce(ALICE)).isZero();
    assertThat(g.archive().size()).isEqualTo(1);
    assertThat(g.archiveTree().get(0)).isEqualTo(g.header().hash());
    assertThat(g.header().lastArchive().size()).isZero();
  }

  @Test
  void genesisRefusesASupplyThatOverflows() {
    assertThatThrownBy(() -> WorldState.genesis(7, 1, Map.of(ALICE, Long.MAX_VALUE, BOB, 1L)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void writesOnAForkNeverLeakIntoCommittedStateOrSiblingForks() {
    WorldState world = world();
    var committedRef = world.latest().stateReference();
    WorldStateFork a = world.forkLatest();
    WorldStateFork b = world.forkLatest();
    a.setBalance(ALICE, 1);
    a.setBalance(CAROL, 9);
    a.insertNullifier(Fr.of(5));
    a.appendNoteHash(Fr.of(6));
    b.setBalance(ALICE, 2);

    assertThat(world.latest().balance(ALICE)).isEqualTo(100);
    assertThat(world.latest().balance(CAROL)).isZero();
    assertThat(world.latest().hasNullifier(Fr.of(5))).isFalse();
    assertThat(world.latest().stateReference()).isEqualTo(committedRef);
    assertThat(a.balance(ALICE)).isEqualTo(1);
    assertThat(b.balance(ALICE)).isEqualTo(2);
    assertThat(b.balance(CAROL)).isZero();
    assertThat(b.hasNullifier(Fr.of(5))).isFalse();
  }

  @Test
  void publicDataKeyKeepsItsLeafIndexAcrossWrites() {
    WorldStateFork fork = world().forkLatest();
    long index = fork.publicDataIndex(AccountKeys.balanceKey(ALICE)).orElseThrow();
    fork.setBalance(ALICE, 7);
    fork.setBalance(CAROL, 3);
    assertThat(fork.publicDataIndex(AccountKeys.balanceKey(ALICE))).hasValue(index);
    assertThat(fork.publicDataIndex(AccountKeys.balanceKey(CAROL))).hasValue(2);
    assertThat(fork.stateReference().publicDataTree().size()).isEqualTo(3);
  }

  @Test
  void duplicateNullifierIsRefused() {
    WorldStateFork fork = world().forkLatest();
    assertThat(fork.insertNullifier(Fr.of(1))).isTrue();
    assertThat(fork.insertNullifier(Fr.of(1))).isFalse();
    assertThat(fork.stateReference().nullifierTree().size()).isEqualTo(1);
  }

  @Test
  void committedSnapshotsProvePublicDataLeaves() {
    WorldState world = world();
    WorldStateFork fork = world.forkLatest();
    fork.setBalance(CAROL, 42);
    WorldStateSnapshot block1 = seal(fork);
    world.commit(fork, block1.archiveRoot());

    WorldStateSnapshot s = world.latest();
    Fr key = AccountKeys.balanceKey(CAROL);
    long index = s.publicDataIndex(key).orElseThrow();
    Fr leaf = AccountKeys.publicDataLeaf(key, Fr.of(42));
    assertThat(
            MerkleTree.verify(
                leaf,
                index,
                s.publicDataTree().siblingPath(index),
                s.stateReference().publicDataTree().root()))
        .isTrue();
    assertThat(
            MerkleTree.verify(
                s.header().hash(), 1, s.archiveTree().siblingPath(1), s.archiveRoot()))
        .isTrue();
    assertThatThrownBy(() -> s.publicDataTree().append(Fr.ONE))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keepsTheStateAtEachCommittedCheckpointsLastBlockSoOldCheckpointsCanStillBeForked() {
    WorldState world = world();
    WorldStateFork fork = world.forkLatest();
    fork.setBalance(ALICE, 1);
    WorldStateSnapshot first = seal(fork);
    fork.setBalance(ALICE, 2);
    WorldStateSnapshot last = seal(fork);
    world.commit(fork, last.archiveRoot());
    WorldStateFork next = world.forkLatest();
    next.setBalance(ALICE, 3);
    WorldStateSnapshot third = seal(next);
    world.commit(next, third.archiveRoot());

    assertThat(world.tipBlockNumber()).isEqualTo(BlockNumber.of(3));
    assertThat(world.at(BlockNumber.ZERO).balance(ALICE)).isEqualTo(100);
    assertThat(world.fork(BlockNumber.of(2)).balance(ALICE)).isEqualTo(2);
    assertThat(world.blockWithArchiveRoot(last.archiveRoot())).contains(BlockNumber.of(2));
    // a block inside a checkpoint is neither kept nor found by its archive
    assertThat(world.find(BlockNumber.of(1))).isEmpty();
    assertThat(world.blockWithArchiveRoot(first.archiveRoot())).isEmpty();

    world.prune(BlockNumber.of(3));
    assertThat(world.find(BlockNumber.ZERO)).isEmpty();
    assertThatThrownBy(() -> world.fork(BlockNumber.of(2)))
        .isInstanceOf(NoSuchElementException.class);
    assertThat(world.latest().balance(ALICE)).isEqualTo(3);
  }

  @Test
  void competingCommitOnAStaleTipIsRefused() {
    WorldState world = world();
    WorldStateFork first = world.forkLatest();
    WorldStateFork second = world.forkLatest();
    WorldStateSnapshot a = seal(first);
    second.setBalance(BOB, 1);
    WorldStateSnapshot b = seal(second);
    world.commit(first, a.archiveRoot());
    assertThatThrownBy(() -> world.commit(second, b.archiveRoot()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(world.latest().balance(BOB)).isEqualTo(50);
  }

  @Test
  void commitChecksTheExpectedArchive() {
    WorldState world = world();
    WorldStateFork fork = world.forkLatest();
    seal(fork);
    assertThatThrownBy(() -> world.commit(fork, Fr.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(world.tipBlockNumber()).isEqualTo(BlockNumber.ZERO);
  }

  @Test
  void sealRefusesAHeaderThatDoesNotDescribeTheFork() {
    WorldStateFork fork = world().forkLatest();
    GlobalVariables g =
        new GlobalVariables(
            7,
            1,
            BlockNumber.of(1),
            SlotNumber.of(1),
            10,
            EthAddress.ZERO,
            EthAddress.ZERO,
            GasFees.ZERO);
    var staleState = fork.stateReference();
    fork.setBalance(ALICE, 3);
    assertThatThrownBy(
            () -> fork.sealBlock(new BlockHeader(fork.archive(), staleState, g, Fr.ZERO, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                fork.sealBlock(
                    new BlockHeader(
                        fork.archive(),
                        fork.stateReference(),
                        g.withBlockNumber(BlockNumber.of(2)),
                        Fr.ZERO,
                        0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fork.sealedBlocks()).isEmpty();
  }

  @Test
  void closedForkRefusesUse() {
    WorldStateFork fork = world().forkLatest();
    fork.close();
    assertThatThrownBy(() -> fork.balance(ALICE)).isInstanceOf(IllegalStateException.class);
  }
}
