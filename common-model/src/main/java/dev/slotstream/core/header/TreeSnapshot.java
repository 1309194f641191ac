package dev.slotstream.core.header;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.Fr;

/** An append-only tree at a point in time: its root and how many leaves it holds. */
public record TreeSnapshot(Fr root, long size) {
  public TreeSnapshot {
    if (root == null) {
      throw new IllegalArgumentException("tree root is null");
    }
    if (size < 0) {
      throw new IllegalArgumentException("tree size must be non-negative");
    }
  }

  public static TreeSnapshot read(ByteReader r, String field) {
    return new TreeSnapshot(Fr.read(r, field + ".root"), r.u64(field + ".size"));
  }

  public void write(ByteWriter w) {
    root.write(w);
    w.u64(size);
  }
}
