package dev.slotstream.core.header;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/**
 * A block's header. Its hash is the leaf the block appends to the archive tree, so the archive root
 * after a block commits to every header before it.
 */
public record BlockHeader(
    TreeSnapshot lastArchive,
    StateReference state,
    GlobalVariables globalVariables,
    Fr txsEffectsHash,
    long totalManaUsed) {
  public static final int ENCODED_SIZE = 40 + 3 * 40 + 8 * 2 + 8 * 3 + 20 * 2 + 16 + 32 + 8;

  public BlockHeader {
    Objects.requireNonNull(lastArchive, "lastArchive");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(globalVariables, "globalVariables");
    Objects.requireNonNull(txsEffectsHash, "txsEffectsHash");
    if (totalManaUsed < 0) {
      throw new IllegalArgumentException("totalManaUsed must be non-negative");
    }
  }

  public static BlockHeader read(ByteReader r) {
    return new BlockHeader(
        TreeSnapshot.read(r, "header.lastArchive"),
        StateReference.read(r),
        GlobalVariables.read(r),
        Fr.read(r, "header.txsEffectsHash"),
        r.u64("header.totalManaUsed"));
  }

  public void write(ByteWriter w) {
    lastArchive.write(w);
    state.write(w);
    globalVariables.write(w);
    txsEffectsHash.write(w);
    w.u64(totalManaUsed);
  }

  public byte[] encode() {
    ByteWriter w = new ByteWriter(ENCODED_SIZE);
    write(w);
    return w.toByteArray();
  }

  /** keccak256 of the canonical encoding, reduced into the field. */
  public Fr hash() {
    return Fr.reduce(Keccak.hash(encode()));
  }

  public SlotNumber slotNumber() {
    return globalVariables.slotNumber();
  }

  public BlockNumber blockNumber() {
    return globalVariables.blockNumber();
  }
}
