package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.Fr;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static final int DEPTH = 6;

  /** Recomputes the root from scratch over all 2^depth leaves. */
  static Fr naiveRoot(List<Fr> leaves, int depth) {
    List<Fr> level = new ArrayList<>(leaves);
    while (level.size() < (1 << depth)) {
      level.add(Fr.ZERO);
    }
    for (int d = 0; d < depth; d++) {
      List<Fr> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        next.add(FieldHash.hashPair(level.get(i), level.get(i + 1)));
      }
      level = next;
    }
    return level.get(0);
  }

  static Fr randomFr(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Fr.reduce(b);
  }

  @Test
  void emptyTreeRootIsTheZeroSubtreeHash() {
    MerkleTree tree = new MerkleTree(DEPTH);
    assertThat(tree.root()).isEqualTo(naiveRoot(List.of(), DEPTH));
    assertThat(tree.root()).isEqualTo(MerkleTree.emptyRoot(DEPTH));
    assertThat(tree.snapshot().size()).isZero();
  }

  @Test
  void rootMatchesNaiveRecomputationForRandomAppendsAndUpdates() {
    Random random = new Random(42);
    MerkleTree tree = new MerkleTree(DEPTH);
    List<Fr> shadow = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      if (shadow.isEmpty() || (shadow.size() < 64 && random.nextInt(3) != 0)) {
        Fr leaf = randomFr(random);
        assertThat(tree.append(leaf)).isEqualTo(shadow.size());
        shadow.add(leaf);
      } else {
        int index = random.nextInt(shadow.size());
        Fr leaf = randomFr(random);
        tree.update(index, leaf);
        shadow.set(index, leaf);
      }
      if (step % 7 == 0) {
        assertThat(tree.root()).isEqualTo(naiveRoot(shadow, DEPTH));
      }
    }
    assertThat(tree.root()).isEqualTo(naiveRoot(shadow, DEPTH));
    assertThat(tree.leaves()).isEqualTo(shadow);
    assertThat(tree.size()).isEqualTo(shadow.size());
  }

  @Test
  void siblingPathsVerifyAgainstTheRootAndRejectWrongLeaves() {
    Random random = new Random(7);
    MerkleTree tree = new MerkleTree(DEPTH);
    for (int i = 0; i < 37; i++) {
      tree.append(randomFr(random));
    }
    Fr root = tree.root();
    for (long i = 0; i < tree.size(); i++) {
      List<Fr> path = tree.siblingPath(i);
      assertThat(path).hasSize(DEPTH);
      assertThat(MerkleTree.verify(tree.get(i), i, path, root)).isTrue();
      assertThat(MerkleTree.verify(Fr.of(12345), i, path, root)).isFalse();
      assertThat(MerkleTree.verify(tree.get(i), (i + 1) % 64, path, root)).isFalse();
    }
  }

  @Test
  void defaultDepthTreeProvesLeaves() {
    MerkleTree tree = new MerkleTree();
    tree.append(Fr.of(1));
    tree.append(Fr.of(2));
    List<Fr> path = tree.siblingPath(1);
    assertThat(path).hasSize(32);
    assertThat(MerkleTree.verify(Fr.of(2), 1, path, tree.root())).isTrue();
  }

  @Test
  void writesOnAForkNeverReachItsParent() {
    MerkleTree parent = new MerkleTree(DEPTH);
    parent.append(Fr.of(1));
    parent.append(Fr.of(2));
    Fr parentRoot = parent.root();

    MerkleTree fork = parent.fork();
    fork.update(0, Fr.of(99));
    fork.append(Fr.of(3));

    assertThat(parent.root()).isEqualTo(parentRoot);
    assertThat(parent.size()).isEqualTo(2);
    assertThat(parent.get(0)).isEqualTo(Fr.of(1));
    assertThat(fork.root()).isEqualTo(naiveRoot(List.of(Fr.of(99), Fr.of(2), Fr.of(3)), DEPTH));
  }

  @Test
  void writesOnTheParentAfterForkingNeverReachTheFork() {
    MerkleTree parent = new MerkleTree(DEPTH);
    parent.append(Fr.of(1));
    MerkleTree fork = parent.fork();
    Fr forkRoot = fork.root();
    parent.update(0, Fr.of(5));
    parent.append(Fr.of(6));
    assertThat(fork.root()).isEqualTo(forkRoot);
    assertThat(fork.size()).isEqualTo(1);
  }

  @Test
  void siblingForksAreIndependent() {
    Random random = new Random(3);
    MerkleTree base = new MerkleTree(DEPTH);
    List<Fr> baseLeaves = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Fr leaf = randomFr(random);
      base.append(leaf);
      baseLeaves.add(leaf);
    }
    MerkleTree frozen = base.freeze();
    MerkleTree a = frozen.fork();
    MerkleTree b = frozen.fork();
    List<Fr> aLeaves = new ArrayList<>(baseLeaves);
    List<Fr> bLeaves = new ArrayList<>(baseLeaves);
    for (int i = 0; i < 50; i++) {
      int ia = random.nextInt(aLeaves.size());
      Fr va = randomFr(random);
      a.update(ia, va);
      aLeaves.set(ia, va);
      Fr vb = randomFr(random);
      b.append(vb);
      bLeaves.add(vb);
      if (bLeaves.size() > 60) {
        break;
      }
    }
    assertThat(a.root()).isEqualTo(naiveRoot(aLeaves, DEPTH));
    assertThat(b.root()).isEqualTo(naiveRoot(bLeaves, DEPTH));
    assertThat(frozen.root()).isEqualTo(naiveRoot(baseLeaves, DEPTH));
  }

  @Test
  void frozenTreesRefuseWrites() {
    MerkleTree frozen = new MerkleTree(DEPTH).freeze();
    assertThatThrownBy(() -> frozen.append(Fr.ONE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fullTreeRefusesAppends() {
    MerkleTree tree = new MerkleTree(1);
    tree.append(Fr.ONE);
    tree.append(Fr.ONE);
    assertThatThrownBy(() -> tree.append(Fr.ONE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void updateOutsideFilledLeavesIsRefused() {
    MerkleTree tree = new MerkleTree(DEPTH);
    tree.append(Fr.ONE);
    assertThatThrownBy(() -> tree.update(1, Fr.ONE)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
