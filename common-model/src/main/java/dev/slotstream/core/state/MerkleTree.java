package dev.slotstream.core.state;

import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.types.Fr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A fixed-depth binary Merkle tree of field elements, filled left to right (append) and updatable
 * in place (update). Node hash H(l, r) = reduce(keccak256(l ‖ r)); an empty leaf is 0 and empty
 * subtrees hash to precomputed zero hashes, so a tree of depth 32 costs memory only for what it
 * holds.
 *
 * <p>Versions share structure. Nodes are persistent; a handle may mutate in place only the nodes it
 * created since it last forked or froze (they carry its owner token), everything else is copied on
 * write. So {@link #fork()} is O(1) and writes on a fork never reach its parent, and a run of writes
 * touching the same paths (one block of txs) allocates each path once. Hashes of written paths are
 * recomputed lazily, once, when a root, path or snapshot is asked for.
 *
 * <p>A mutable handle is for one thread. A {@link #freeze() frozen} handle is immutable (every hash
 * computed, no owner) and may be read and forked by any number of threads at once.
 */
public final class MerkleTree {
  public static final int DEFAULT_DEPTH = 32;

  /** Deep enough for any use here, shallow enough that every index fits a non-negative long. */
  public static final int MAX_DEPTH = 62;

  private static final byte[][] ZERO_HASHES = new byte[MAX_DEPTH + 1][];

  static {
    ZERO_HASHES[0] = new byte[32];
    for (int i = 1; i <= MAX_DEPTH; i++) {
      ZERO_HASHES[i] = FieldHash.hashPair(ZERO_HASHES[i - 1], ZERO_HASHES[i - 1]);
    }
  }

  /** A tree node; a leaf is a node at level 0 whose hash is the leaf value. */
  private static final class Node {
    final Object owner;
    Node left;
    Node right;

    /** null while dirty; only nodes owned by a mutable handle are ever dirty. */
    byte[] hash;

    Node(Object owner, Node left, Node right) {
      this.owner = owner;
      this.left = left;
      this.right = right;
    }

    static Node leaf(byte[] value) {
      Node n = new Node(null, null, null);
      n.hash = value;
      return n;
    }
  }

  private final int depth;
  private Node root;
  private long size;

  /** Owner token of this handle's writable nodes; null when frozen. */
  private Object token;

  public MerkleTree() {
    this(DEFAULT_DEPTH);
  }

  public MerkleTree(int depth) {
    this(checkDepth(depth), null, 0, new Object());
  }

  private MerkleTree(int depth, Node root, long size, Object token) {
    this.depth = depth;
    this.root = root;
    this.size = size;
    this.token = token;
  }

  static int checkDepth(int depth) {
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("tree depth must be 1.." + MAX_DEPTH + ", got " + depth);
    }
    return depth;
  }

  /** The root of an empty subtree of {@code level} levels (a shared array: never write to it). */
  static byte[] zeroHash(int level) {
    return ZERO_HASHES[level];
  }

  /** Root of an empty tree of the given depth. */
  public static Fr emptyRoot(int depth) {
    return Fr.fromBytes(ZERO_HASHES[checkDepth(depth)].clone());
  }

  public int depth() {
    return depth;
  }

  public long size() {
    return size;
  }

  public long capacity() {
    return 1L << depth;
  }

  public boolean isFrozen() {
    return token == null;
  }

  /** Appends a leaf at index {@link #size()} and returns that index. */
  public long append(Fr leaf) {
    requireMutable();
    if (size >= capacity()) {
      throw new IllegalStateException("tree of depth " + depth + " is full");
    }
    long index = size;
    set(index, leaf.toBytes());
    size = index + 1;
    return index;
  }

  /** Replaces the leaf at an already filled index. */
  public void update(long index, Fr leaf) {
    requireMutable();
    checkIndex(index);
    set(index, leaf.toBytes());
  }

  public Fr get(long index) {
    checkIndex(index);
    Node n = root;
    for (int level = depth; level > 0; level--) {
      n = bit(index, level - 1) == 0 ? n.left : n.right;
    }
    return Fr.fromBytes(n.hash.clone());
  }

  public Fr root() {
    return Fr.fromBytes(rootBytes().clone());
  }

  public TreeSnapshot snapshot() {
    return new TreeSnapshot(root(), size);
  }

  /**
   * The sibling hashes from the leaf's level up to just below the root (path.get(0) is the leaf's
   * sibling).
   */
  public List<Fr> siblingPath(long index) {
    checkIndex(index);
    rootBytes();
    Fr[] path = new Fr[depth];
    Node n = root;
    for (int level = depth; level > 0; level--) {
      boolean right = bit(index, level - 1) == 1;
      Node sibling = right ? n.left : n.right;
      path[level - 1] = Fr.fromBytes(hashOf(sibling, level - 1).clone());
      n = right ? n.right : n.left;
    }
    return Collections.unmodifiableList(Arrays.asList(path));
  }

  /** True when {@code leaf} sits at {@code index} under {@code root} according to {@code path}. */
  public static boolean verify(Fr leaf, long index, List<Fr> path, Fr root) {
    Objects.requireNonNull(leaf, "leaf");
    Objects.requireNonNull(root, "root");
    if (path.isEmpty() || path.size() > MAX_DEPTH || index < 0 || index >= (1L << path.size())) {
      return false;
    }
    byte[] cur = leaf.toBytes();
    for (int i = 0; i < path.size(); i++) {
      byte[] sibling = path.get(i).toBytes();
      cur =
          bit(index, i) == 0 ? FieldHash.hashPair(cur, sibling) : FieldHash.hashPair(sibling, cur);
    }
    return root.sameAs(cur);
  }

  /**
   * A copy-on-write child in O(1) (plus hashing whatever this handle wrote since its last root).
   * Afterwards this handle and the child both see the current content and write independently.
   */
  public MerkleTree fork() {
    if (token != null) {
      rootBytes();
      token = new Object();
    }
    return new MerkleTree(depth, root, size, new Object());
  }

  /** An immutable handle on the current content, safe to share between threads. */
  public MerkleTree freeze() {
    if (token == null) {
      return this;
    }
    rootBytes();
    token = new Object();
    return new MerkleTree(depth, root, size, null);
  }

  private void requireMutable() {
    if (token == null) {
      throw new IllegalStateException("tree is frozen; fork it to write");
    }
  }

  private void checkIndex(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("leaf index " + index + " outside 0.." + (size - 1));
    }
  }

  private static int bit(long index, int position) {
    return (int) ((index >>> position) & 1L);
  }

  private void set(long index, byte[] leaf) {
    if (root == null || root.owner != token) {
      root = copy(root);
    }
    Node n = root;
    for (int level = depth; level > 1; level--) {
      n.hash = null;
      if (bit(index, level - 1) == 0) {
        if (n.left == null || n.left.owner != token) {
          n.left = copy(n.left);
        }
        n = n.left;
      } else {
        if (n.right == null || n.right.owner != token) {
          n.right = copy(n.right);
        }
        n = n.right;
      }
    }
    n.hash = null;
    if (bit(index, 0) == 0) {
      n.left = Node.leaf(leaf);
    } else {
      n.right = Node.leaf(leaf);
    }
  }

  private Node copy(Node n) {
    return n == null ? new Node(token, null, null) : new Node(token, n.left, n.right);
  }

  private byte[] rootBytes() {
    return hashOf(root, depth);
  }

  private static byte[] hashOf(Node n, int level) {
    if (n == null) {
      return ZERO_HASHES[level];
    }
    if (n.hash == null) {
      n.hash = FieldHash.hashPair(hashOf(n.left, level - 1), hashOf(n.right, level - 1));
    }
    return n.hash;
  }

  /** Every filled leaf's 32 bytes in index order, in O(size) (a snapshot's encoding). */
  void forEachLeaf(Consumer<byte[]> visitor) {
    visit(root, depth, 0, visitor);
  }

  private long visit(Node n, int level, long first, Consumer<byte[]> visitor) {
    if (first >= size || n == null) {
      return first;
    }
    if (level == 0) {
      visitor.accept(n.hash);
      return first + 1;
    }
    long half = 1L << (level - 1);
    visit(n.left, level - 1, first, visitor);
    return visit(n.right, level - 1, first + half, visitor);
  }

  /** {@link #append} of a leaf already in its 32-byte form, which the tree keeps (not a copy). */
  long appendBytes(byte[] leaf) {
    requireMutable();
    if (size >= capacity()) {
      throw new IllegalStateException("tree of depth " + depth + " is full");
    }
    long index = size;
    set(index, leaf);
    size = index + 1;
    return index;
  }

  /** {@link #update} of a leaf already in its 32-byte form, which the tree keeps (not a copy). */
  void updateBytes(long index, byte[] leaf) {
    requireMutable();
    checkIndex(index);
    set(index, leaf);
  }

  /** All filled leaves in index order (for tests and debugging; O(size)). */
  public List<Fr> leaves() {
    List<Fr> out = new ArrayList<>();
    for (long i = 0; i < size; i++) {
      out.add(get(i));
    }
    return out;
  }
}
