package dev.slotstream.core.state;

import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.types.Fr;
import java.util.function.Consumer;

/**
 * An append-only Merkle tree kept as its frontier: for each level, the root of the last complete
 * subtree left of the next leaf. Its roots are those of a {@link MerkleTree} holding the same leaves
 * (same hash, same zero hashes), but it holds depth hashes whatever its size, where a tree of nodes
 * holds two per leaf. It gives up what only the leaves allow: reading a leaf and sibling paths.
 *
 * <p>A fork or a frozen handle copies the frontier (depth references), so writes never reach
 * another handle. A mutable handle is for one thread; a {@link #freeze() frozen} one has its root
 * computed and may be read by any number of threads.
 */
final class FrontierTree {
  private final int depth;
  private long size;

  /** frontier[l] is meaningful when bit l of size is set; frontier[depth] once the tree is full. */
  private final byte[][] frontier;

  private final boolean frozen;

  /** null while stale; a mutable handle's cache only. */
  private byte[] root;

  FrontierTree(int depth) {
    this(MerkleTree.checkDepth(depth), 0, new byte[depth + 1][], false, null);
  }

  private FrontierTree(int depth, long size, byte[][] frontier, boolean frozen, byte[] root) {
    this.depth = depth;
    this.size = size;
    this.frontier = frontier;
    this.frozen = frozen;
    this.root = root;
  }

  int depth() {
    return depth;
  }

  long size() {
    return size;
  }

  /** Appends a leaf at index {@link #size()} and returns that index. */
  long append(Fr leaf) {
    return appendBytes(leaf.toBytes());
  }

  long appendBytes(byte[] leaf) {
    if (frozen) {
      throw new IllegalStateException("tree is frozen; fork it to write");
    }
    long index = size;
    if (index >= 1L << depth) {
      throw new IllegalStateException("tree of depth " + depth + " is full");
    }
    byte[] node = leaf;
    int level = 0;
    while (level < depth && ((index >>> level) & 1L) == 1L) {
      node = FieldHash.hashPair(frontier[level], node);
      level++;
    }
    frontier[level] = node;
    size = index + 1;
    root = null;
    return index;
  }

  Fr root() {
    return Fr.fromBytes(rootBytes().clone());
  }

  TreeSnapshot snapshot() {
    return new TreeSnapshot(root(), size);
  }

  private byte[] rootBytes() {
    if (root == null) {
      root = computeRoot();
    }
    return root;
  }

  private byte[] computeRoot() {
    if (size == 1L << depth) {
      return frontier[depth];
    }
    byte[] node = MerkleTree.zeroHash(0);
    for (int level = 0; level < depth; level++) {
      node =
          ((size >>> level) & 1L) == 1L
              ? FieldHash.hashPair(frontier[level], node)
              : FieldHash.hashPair(node, MerkleTree.zeroHash(level));
    }
    return node;
  }

  /** A mutable copy; writes on it never reach this handle, nor the other way round. */
  FrontierTree fork() {
    return new FrontierTree(depth, size, frontier.clone(), false, root);
  }

  /** An immutable handle on the current content, safe to share between threads. */
  FrontierTree freeze() {
    return frozen ? this : new FrontierTree(depth, size, frontier.clone(), true, rootBytes());
  }

  /** The frontier hashes a snapshot keeps: those of the set bits of size, lowest level first. */
  void forEachFrontierHash(Consumer<byte[]> visitor) {
    for (int level = 0; level <= depth; level++) {
      if (((size >>> level) & 1L) == 1L) {
        visitor.accept(frontier[level]);
      }
    }
  }

  /** The tree of {@code size} leaves whose frontier is {@code hashes} (lowest set bit first). */
  static FrontierTree ofFrontier(int depth, long size, byte[][] hashes) {
    FrontierTree tree = new FrontierTree(depth);
    if (size < 0 || size > 1L << depth || Long.bitCount(size) != hashes.length) {
      throw new IllegalArgumentException(
          hashes.length + " frontier hashes for " + size + " leaves at depth " + depth);
    }
    int next = 0;
    for (int level = 0; level <= depth; level++) {
      if (((size >>> level) & 1L) == 1L) {
        tree.frontier[level] = hashes[next++];
      }
    }
    tree.size = size;
    return tree;
  }
}
