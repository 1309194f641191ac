package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/**
 * The checkpoint as signed by its proposer and by each attester: header and archive root. The two
 * signatures differ by EIP-712 type, so a proposal signature never passes as an attestation.
 */
public record CheckpointPayload(CheckpointHeader header, Fr archive) {
  public static final int ENCODED_SIZE = CheckpointHeader.ENCODED_SIZE + 32;

  public CheckpointPayload {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(archive, "archive");
  }

  public static CheckpointPayload read(ByteReader r) {
    return new CheckpointPayload(CheckpointHeader.read(r), Fr.read(r, "checkpoint.archive"));
  }

  public void write(ByteWriter w) {
    header.write(w);
    archive.write(w);
  }

  public SlotNumber slotNumber() {
    return header.slotNumber();
  }

  /** This payload signed as {@code kind} (a checkpoint proposal or an attestation). */
  public SignedPayload as(MessageKind kind) {
    if (kind != MessageKind.CHECKPOINT_PROPOSAL && kind != MessageKind.CHECKPOINT_ATTESTATION) {
      throw new IllegalArgumentException("a checkpoint payload cannot be signed as " + kind);
    }
    CheckpointPayload self = this;
    return new SignedPayload() {
      @Override
      public MessageKind kind() {
        return kind;
      }

      @Override
      public byte[] encodePayload() {
        return WireFormat.encode(kind, ENCODED_SIZE, self::write);
      }
    };
  }
}
