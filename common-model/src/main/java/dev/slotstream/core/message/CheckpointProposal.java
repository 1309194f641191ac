package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/**
 * The checkpoint header with the slot's last block. The last block keeps its own block signature,
 * so a validator executes it exactly like any other block.
 */
public record CheckpointProposal(
    CheckpointPayload payload, Signature signature, BlockProposal lastBlock) {

  public CheckpointProposal {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(lastBlock, "lastBlock");
    BlockProposalPayload block = lastBlock.payload();
    if (!block.archiveRoot().equals(payload.archive())) {
      throw new IllegalArgumentException("last block's archive root differs from the checkpoint's");
    }
    if (!block.slotNumber().equals(payload.slotNumber())) {
      throw new IllegalArgumentException("last block's slot differs from the checkpoint's");
    }
    if (!block.inHash().equals(payload.header().contentCommitment().inHash())) {
      throw new IllegalArgumentException("last block's inHash differs from the checkpoint's");
    }
  }

  public static CheckpointProposal read(ByteReader r) {
    return new CheckpointProposal(
        CheckpointPayload.read(r),
        Signature.read(r, "checkpointProposal.signature"),
        BlockProposal.read(r));
  }

  public void write(ByteWriter w) {
    payload.write(w);
    signature.write(w);
    lastBlock.write(w);
  }

  public byte[] encode() {
    return WireFormat.encode(MessageKind.CHECKPOINT_PROPOSAL, 1024, this::write);
  }

  public static CheckpointProposal decode(byte[] bytes) {
    return WireFormat.decode(bytes, MessageKind.CHECKPOINT_PROPOSAL, CheckpointProposal::read);
  }

  public SignedPayload signedPayload() {
    return payload.as(MessageKind.CHECKPOINT_PROPOSAL);
  }

  /** The message id: the hash of the signed checkpoint payload. */
  public Bytes32 id() {
    return signedPayload().payloadHash();
  }

  public SlotNumber slotNumber() {
    return payload.slotNumber();
  }

  public int lastBlockIndex() {
    return lastBlock.index();
  }
}
