package dev.slotstream.core.header;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.Fr;
import java.util.Objects;

/**
 * What a checkpoint commits to: its data (blobsHash, over every tx effect of its blocks), the L1→L2
 * messages it consumes (inHash) and the L2→L1 messages it emits (outHash).
 */
public record ContentCommitment(Fr blobsHash, Fr inHash, Fr outHash) {
  public ContentCommitment {
    Objects.requireNonNull(blobsHash, "blobsHash");
    Objects.requireNonNull(inHash, "inHash");
    Objects.requireNonNull(outHash, "outHash");
  }

  public static ContentCommitment read(ByteReader r) {
    return new ContentCommitment(
        Fr.read(r, "contentCommitment.blobsHash"),
        Fr.read(r, "contentCommitment.inHash"),
        Fr.read(r, "contentCommitment.outHash"));
  }

  public void write(ByteWriter w) {
    blobsHash.write(w);
    inHash.write(w);
    outHash.write(w);
  }
}
