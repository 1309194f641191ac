package dev.slotstream.core.state;

import static dev.slotstream.core.state.MerkleTreeTest.naiveRoot;
import static dev.slotstream.core.state.MerkleTreeTest.randomFr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.Fr;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrontierTreeTest {
  private static final int DEPTH = 6;

  @Test
  void everyRootUpToAFullTreeIsTheNaiveRootOfItsLeaves() {
    Random random = new Random(7);
    FrontierTree tree = new FrontierTree(DEPTH);
    List<Fr> leaves = new ArrayList<>();
    assertThat(tree.root()).isEqualTo(MerkleTree.emptyRoot(DEPTH));
    for (int i = 0; i < 1 << DEPTH; i++) {
      Fr leaf = randomFr(random);
      assertThat(tree.append(leaf)).isEqualTo(i);
      leaves.add(leaf);
      assertThat(tree.root()).as("root after %d leaves", i + 1).isEqualTo(naiveRoot(leaves, DEPTH));
      assertThat(tree.snapshot().size()).isEqualTo(i + 1);
    }
    assertThatThrownBy(() -> tree.append(Fr.ONE)).hasMessageContaining("is full");
  }

  @Test
  void rootsAreThoseOfAMerkleTreeOfTheSameLeavesAtTheStateDepth() {
    Random random = new Random(11);
    FrontierTree frontier = new FrontierTree(WorldState.NOTE_HASH_TREE_DEPTH);
    MerkleTree tree = new MerkleTree(WorldState.NOTE_HASH_TREE_DEPTH);
    for (int i = 0; i < 1_000; i++) {
      Fr leaf = randomFr(random);
      frontier.append(leaf);
      tree.append(leaf);
      if (random.nextInt(10) == 0) {
        assertThat(frontier.snapshot()).isEqualTo(tree.snapshot());
      }
    }
    assertThat(frontier.snapshot()).isEqualTo(tree.snapshot());
  }

  @Test
  void aForkWritesWithoutReachingItsParentNorTheParentItsFork() {
    FrontierTree parent = new FrontierTree(DEPTH);
    for (int i = 0; i < 5; i++) {
      parent.append(Fr.of(i + 1));
    }
    Fr before = parent.root();
    FrontierTree child = parent.fork();
    child.append(Fr.of(100));
    assertThat(parent.root()).isEqualTo(before);
    assertThat(parent.size()).isEqualTo(5);

    parent.append(Fr.of(200));
    assertThat(child.root())
        .isEqualTo(
            naiveRoot(
                List.of(Fr.of(1), Fr.of(2), Fr.of(3), Fr.of(4), Fr.of(5), Fr.of(100)), DEPTH));
  }

  @Test
  void aFrozenHandleRefusesWritesAndKeepsItsContentWhileTheMutableOneGoesOn() {
    FrontierTree tree = new FrontierTree(DEPTH);
    tree.append(Fr.of(1));
    tree.append(Fr.of(2));
    tree.append(Fr.of(3));
    FrontierTree frozen = tree.freeze();
    assertThat(frozen.freeze()).isSameAs(frozen);
    tree.append(Fr.of(4));
    assertThat(frozen.root()).isEqualTo(naiveRoot(List.of(Fr.of(1), Fr.of(2), Fr.of(3)), DEPTH));
    assertThatThrownBy(() -> frozen.append(Fr.ONE)).hasMessageContaining("frozen");
    FrontierTree fromFrozen = frozen.fork();
    fromFrozen.append(Fr.of(9));
    assertThat(fromFrozen.root())
        .isEqualTo(naiveRoot(List.of(Fr.of(1), Fr.of(2), Fr.of(3), Fr.of(9)), DEPTH));
  }

  @Test
  void aTreeRebuiltFromItsFrontierHashesHasItsRootAndAppendsAsItWould() {
    Random random = new Random(3);
    for (int size : new int[] {0, 1, 2, 7, 8, 37, 63, 64}) {
      FrontierTree tree = new FrontierTree(DEPTH);
      for (int i = 0; i < size; i++) {
        tree.append(randomFr(random));
      }
      List<byte[]> hashes = new ArrayList<>();
      tree.forEachFrontierHash(hashes::add);
      assertThat(hashes).hasSize(Integer.bitCount(size));
      FrontierTree rebuilt = FrontierTree.ofFrontier(DEPTH, size, hashes.toArray(new byte[0][]));
      assertThat(rebuilt.snapshot()).isEqualTo(tree.snapshot());
      if (size < 1 << DEPTH) {
        Fr next = randomFr(random);
        tree.append(next);
        rebuilt.append(next);
        assertThat(rebuilt.root()).isEqualTo(tree.root());
      }
    }
    assertThatThrownBy(() -> FrontierTree.ofFrontier(DEPTH, 3, new byte[1][]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
