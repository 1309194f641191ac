package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** What the proposer signs for one block of a checkpoint. */
public record BlockProposalPayload(
    BlockHeader blockHeader,
    int indexWithinCheckpoint,
    Fr inHash,
    Fr archiveRoot,
    List<TxHash> txHashes)
    implements SignedPayload {

  public BlockProposalPayload {
    Objects.requireNonNull(blockHeader, "blockHeader");
    Objects.requireNonNull(inHash, "inHash");
    Objects.requireNonNull(archiveRoot, "archiveRoot");
    if (indexWithinCheckpoint < 0
        || indexWithinCheckpoint >= ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT) {
      throw new IllegalArgumentException(
          "indexWithinCheckpoint "
              + indexWithinCheckpoint
              + " outside 0.."
              + (ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT - 1));
    }
    txHashes = List.copyOf(txHashes);
    if (txHashes.size() > ProtocolLimits.MAX_TXS_PER_BLOCK) {
      throw new IllegalArgumentException(
          "too many txs: " + txHashes.size() + " > " + ProtocolLimits.MAX_TXS_PER_BLOCK);
    }
    if (new HashSet<>(txHashes).size() != txHashes.size()) {
      throw new IllegalArgumentException("duplicate tx hash in block");
    }
  }

  @Override
  public MessageKind kind() {
    return MessageKind.BLOCK_PROPOSAL;
  }

  public static BlockProposalPayload read(ByteReader r) {
    return new BlockProposalPayload(
        BlockHeader.read(r),
        r.u16("block.indexWithinCheckpoint"),
        Fr.read(r, "block.inHash"),
        Fr.read(r, "block.archiveRoot"),
        r.list(
            "block.txHashes",
            ProtocolLimits.MAX_TXS_PER_BLOCK,
            TxHash.SIZE,
            rr -> TxHash.read(rr, "block.txHash")));
  }

  public void write(ByteWriter w) {
    blockHeader.write(w);
    w.u16(indexWithinCheckpoint);
    inHash.write(w);
    archiveRoot.write(w);
    w.list(txHashes, (ww, h) -> h.write(ww));
  }

  @Override
  public byte[] encodePayload() {
    return WireFormat.encode(
        kind(), BlockHeader.ENCODED_SIZE + 72 + 32 * txHashes.size(), this::write);
  }

  public SlotNumber slotNumber() {
    return blockHeader.slotNumber();
  }

  public BlockNumber blockNumber() {
    return blockHeader.blockNumber();
  }
}
