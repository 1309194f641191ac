package dev.slotstream.core.state;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Fr;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The world state after one block, as bytes (docs/PROTOCOL.md §11.5, the chain snapshot): the
 * block's header, the archive's leaves, the note hash tree's frontier (it is kept as one: {@link
 * FrontierTree}), the nullifiers in index order, and the public data tree as its keys and values (a
 * leaf commits to both, and the key index is rebuilt from them). Nothing else is kept: the lookup
 * indexes follow, and every root is recomputed on read and checked against the header, so a state
 * that reads back is the state that was written.
 *
 * <pre>
 * header          BlockHeader (§3), {@link BlockHeader#ENCODED_SIZE} bytes
 * archive         u64 n ‖ n × Fr       one leaf per block 0..block (header hashes)
 * noteHashes      u64 n ‖ popcount(n) × Fr   frontier, lowest level first
 *                 (version 1: u64 n ‖ n × Fr, the leaves)
 * nullifiers      u64 n ‖ n × Fr       in index order
 * publicData      u64 n ‖ n × (Fr key ‖ Fr value)   leaf i is publicDataLeaf(key, value)
 * </pre>
 */
public final class WorldStateCodec {
  /** The layout {@link #write} produces; {@link #read} also takes version 1's. */
  public static final int VERSION = 2;

  private WorldStateCodec() {}

  /** Writes {@code state}; it is immutable, so any thread may do this while the chain goes on. */
  public static void write(WorldStateSnapshot state, DataOutput out) throws IOException {
    StateTrees trees = state.trees();
    out.write(state.header().encode());
    writeLeaves(trees.archive, out);
    out.writeLong(trees.noteHashes.size());
    forEach(trees.noteHashes::forEachFrontierHash, out);
    List<PersistentFrMap.Entry> nullifiers =
        byIndex(trees.nullifierIndex, trees.nullifiers.size(), "nullifier");
    out.writeLong(nullifiers.size());
    for (PersistentFrMap.Entry e : nullifiers) {
      out.write(e.key());
    }
    List<StateTrees.PublicDataEntry> publicData =
        byIndex(trees.publicDataIndex, trees.publicData.size(), "public data key");
    out.writeLong(publicData.size());
    for (StateTrees.PublicDataEntry e : publicData) {
      out.write(e.key());
      out.write(e.valueBytes());
    }
  }

  /**
   * The index's entries in leaf order. Each nullifier and each key's first write appended one
   * leaf, so the indexes are exactly 0..size-1: placed, not sorted.
   */
  private static <E extends PersistentFrMap.Entry> List<E> byIndex(
      PersistentFrMap<E> index, long size, String what) {
    List<E> placed = new ArrayList<>(Collections.nCopies(Math.toIntExact(size), null));
    index.forEach(e -> placed.set(Math.toIntExact(e.index()), e));
    for (int i = 0; i < placed.size(); i++) {
      if (placed.get(i) == null) {
        throw new IllegalStateException("no " + what + " for leaf " + i);
      }
    }
    return placed;
  }

  private static void writeLeaves(MerkleTree tree, DataOutput out) throws IOException {
    out.writeLong(tree.size());
    forEach(tree::forEachLeaf, out);
  }

  private static void forEach(Consumer<Consumer<byte[]>> source, DataOutput out)
      throws IOException {
    try {
      source.accept(
          leaf -> {
            try {
              out.write(leaf);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Reads a state written by {@link #write} and checks it: the trees' roots and sizes are the
   * header's state reference, the archive holds one leaf per block up to the header's, the last of
   * them the header's hash.
   *
   * @throws DecodingException if the bytes are not such a state
   */
  public static WorldStateSnapshot read(DataInput in, int version) throws IOException {
    if (version != 1 && version != VERSION) {
      throw new DecodingException("snapshot.version", "unknown world state version " + version);
    }
    byte[] headerBytes = new byte[BlockHeader.ENCODED_SIZE];
    in.readFully(headerBytes);
    ByteReader r = new ByteReader(headerBytes);
    BlockHeader header = BlockHeader.read(r);
    r.requireEnd("snapshot.header");
    BlockNumber block = header.blockNumber();
    StateTrees trees = StateTrees.empty();
    int noteHashDepth = trees.noteHashes.depth();
    byte[] lastArchiveLeaf = readLeaves(in, trees.archive, "snapshot.archive");
    trees =
        trees.withNoteHashes(
            version == 1 ? readNoteHashLeaves(in, noteHashDepth) : readFrontier(in, noteHashDepth));
    long nullifiers = count(in, "snapshot.nullifiers");
    for (long i = 0; i < nullifiers; i++) {
      if (!trees.insertNullifier(readFr(in, "snapshot.nullifier"))) {
        throw new DecodingException("snapshot.nullifiers", "nullifier " + i + " repeated");
      }
    }
    long publicData = count(in, "snapshot.publicData");
    for (long i = 0; i < publicData; i++) {
      Fr key = readFr(in, "snapshot.publicData.key");
      Fr value = readFr(in, "snapshot.publicData.value");
      if (trees.publicDataIndex.get(key) != null) {
        throw new DecodingException("snapshot.publicData", "key " + i + " repeated");
      }
      trees.writePublicData(key, value);
    }
    if (trees.archive.size() != block.value() + 1) {
      throw new DecodingException(
          "snapshot.archive",
          trees.archive.size() + " leaves for block " + block.value() + " (one per block)");
    }
    if (!Arrays.equals(lastArchiveLeaf, header.hash().toBytes())) {
      throw new DecodingException("snapshot.archive", "last leaf is not the header's hash");
    }
    StateReference rebuilt = trees.stateReference();
    if (!rebuilt.equals(header.state())) {
      throw new DecodingException(
          "snapshot.trees", "rebuilt state " + rebuilt + " is not the header's " + header.state());
    }
    return new WorldStateSnapshot(block, header, trees.freeze());
  }

  private static FrontierTree readFrontier(DataInput in, int depth) throws IOException {
    long n = count(in, "snapshot.noteHashes");
    if (n > 1L << depth) {
      throw new DecodingException("snapshot.noteHashes", n + " leaves in a tree of depth " + depth);
    }
    byte[][] hashes = new byte[Long.bitCount(n)][];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = readFr(in, "snapshot.noteHashes.frontier").toBytes();
    }
    return FrontierTree.ofFrontier(depth, n, hashes);
  }

  /** Version 1's note hash tree: its leaves, appended one by one. */
  private static FrontierTree readNoteHashLeaves(DataInput in, int depth) throws IOException {
    FrontierTree tree = new FrontierTree(depth);
    long n = count(in, "snapshot.noteHashes");
    for (long i = 0; i < n; i++) {
      tree.appendBytes(readFr(in, "snapshot.noteHashes").toBytes());
    }
    return tree;
  }

  private static byte[] readLeaves(DataInput in, MerkleTree tree, String field) throws IOException {
    long n = count(in, field);
    byte[] last = null;
    for (long i = 0; i < n; i++) {
      last = readFr(in, field).toBytes();
      tree.appendBytes(last);
    }
    return last;
  }

  private static long count(DataInput in, String field) throws IOException {
    long n = in.readLong();
    if (n < 0 || n > (1L << 32)) {
      throw new DecodingException(field, "count " + n + " out of range");
    }
    return n;
  }

  private static Fr readFr(DataInput in, String field) throws IOException {
    byte[] bytes = new byte[Fr.SIZE];
    in.readFully(bytes);
    return Fr.read(new ByteReader(bytes), field);
  }

  /** The encoded size of {@code state}, for logs. */
  public static long encodedSize(WorldStateSnapshot state) {
    StateTrees t = state.trees();
    return BlockHeader.ENCODED_SIZE
        + 32
        + 32L * (t.archive.size() + Long.bitCount(t.noteHashes.size()) + t.nullifiers.size())
        + 64L * t.publicData.size();
  }
}
