package dev.slotstream.core.header;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import java.util.Objects;

/** The world-state trees after a block (the archive is referenced separately). */
public record StateReference(
    TreeSnapshot noteHashTree, TreeSnapshot nullifierTree, TreeSnapshot publicDataTree) {
  public StateReference {
    Objects.requireNonNull(noteHashTree, "noteHashTree");
    Objects.requireNonNull(nullifierTree, "nullifierTree");
    Objects.requireNonNull(publicDataTree, "publicDataTree");
  }

  public static StateReference read(ByteReader r) {
    return new StateReference(
        TreeSnapshot.read(r, "state.noteHashTree"),
        TreeSnapshot.read(r, "state.nullifierTree"),
        TreeSnapshot.read(r, "state.publicDataTree"));
  }

  public void write(ByteWriter w) {
    noteHashTree.write(w);
    nullifierTree.write(w);
    publicDataTree.write(w);
  }
}
