package dev.slotstream.bench;

import dev.slotstream.core.state.MerkleTree;
import dev.slotstream.core.types.Fr;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Writes into depth-32 {@link MerkleTree}s (the depth of every world-state tree). MerkleTree hashes
 * lazily, so each benchmark asks for the root after its writes: that is when the keccaks happen.
 *
 * <ul>
 *   <li>{@code appendRoot}: append one leaf, then the root (32 hashes)
 *   <li>{@code append1000Root}: fork a frozen tree of 65,536 leaves, append 1,000 leaves, then the
 *       root, as a block does; one op = 1,000 leaves (shared upper paths are hashed once)
 *   <li>{@code updateRoot}: overwrite a random leaf of a 65,536-leaf tree, then the root
 *   <li>{@code forkWriteRoot}: fork a frozen 65,536-leaf tree (copy-on-write), update one random
 *       leaf and append one, then the root
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MerkleTreeBenchmark {
  static final int DEPTH = 32;
  static final int BASE_LEAVES = 1 << 16;
  static final int BATCH = 1_000;
  private static final int POOL = 1 << 12;

  private Fr[] leaves;
  private long[] indexes;
  private int next;
  private MerkleTree growing;
  private MerkleTree mutable;
  private MerkleTree frozen;

  @Setup
  public void setup() {
    Random random = new Random(11);
    leaves = new Fr[POOL];
    indexes = new long[POOL];
    for (int i = 0; i < POOL; i++) {
      byte[] b = new byte[32];
      random.nextBytes(b);
      leaves[i] = Fr.reduce(b);
      indexes[i] = random.nextInt(BASE_LEAVES);
    }
    MerkleTree base = new MerkleTree(DEPTH);
    for (int i = 0; i < BASE_LEAVES; i++) {
      base.append(leaves[i & (POOL - 1)]);
    }
    frozen = base.freeze();
    mutable = frozen.fork();
  }

  /** A fresh tree each iteration, so appendRoot's tree does not grow without bound. */
  @Setup(Level.Iteration)
  public void freshTree() {
    growing = new MerkleTree(DEPTH);
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (POOL - 1);
    return i;
  }

  @Benchmark
  public Fr appendRoot() {
    growing.append(leaves[nextIndex()]);
    return growing.root();
  }

  @Benchmark
  public Fr append1000Root() {
    MerkleTree tree = frozen.fork();
    int start = nextIndex();
    for (int i = 0; i < BATCH; i++) {
      tree.append(leaves[(start + i) & (POOL - 1)]);
    }
    return tree.root();
  }

  @Benchmark
  public Fr updateRoot() {
    int i = nextIndex();
    mutable.update(indexes[i], leaves[(i + 1) & (POOL - 1)]);
    return mutable.root();
  }

  @Benchmark
  public Fr forkWriteRoot() {
    int i = nextIndex();
    MerkleTree tree = frozen.fork();
    tree.update(indexes[i], leaves[(i + 1) & (POOL - 1)]);
    tree.append(leaves[i]);
    return tree.root();
  }

  // accessors for the smoke test
  long growingSize() {
    return growing.size();
  }

  long frozenSize() {
    return frozen.size();
  }
}
