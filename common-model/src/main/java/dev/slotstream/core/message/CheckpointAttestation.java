package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/**
 * A validator's vote for a checkpoint. It carries the proposer's signature too, so any receiver
 * (and L1) checks both who attested and who proposed.
 */
public record CheckpointAttestation(
    CheckpointPayload payload, Signature signature, Signature proposerSignature) {

  public static final int ENCODED_SIZE = 2 + CheckpointPayload.ENCODED_SIZE + 2 * Signature.SIZE;

  public CheckpointAttestation {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(proposerSignature, "proposerSignature");
  }

  public static CheckpointAttestation read(ByteReader r) {
    return new CheckpointAttestation(
        CheckpointPayload.read(r),
        Signature.read(r, "attestation.signature"),
        Signature.read(r, "attestation.proposerSignature"));
  }

  public void write(ByteWriter w) {
    payload.write(w);
    signature.write(w);
    proposerSignature.write(w);
  }

  public byte[] encode() {
    return WireFormat.encode(MessageKind.CHECKPOINT_ATTESTATION, ENCODED_SIZE, this::write);
  }

  public static CheckpointAttestation decode(byte[] bytes) {
    return WireFormat.decode(
        bytes, MessageKind.CHECKPOINT_ATTESTATION, CheckpointAttestation::read);
  }

  public SignedPayload signedPayload() {
    return payload.as(MessageKind.CHECKPOINT_ATTESTATION);
  }

  /** The hash of the proposal payload this attests to: the pool's key with the slot. */
  public Bytes32 proposalPayloadHash() {
    return payload.as(MessageKind.CHECKPOINT_PROPOSAL).payloadHash();
  }

  /**
   * The hash of the signed attestation payload. Every attester of one checkpoint signs the same
   * payload; who signed is recovered from the signature.
   */
  public Bytes32 payloadHash() {
    return signedPayload().payloadHash();
  }

  public SlotNumber slotNumber() {
    return payload.slotNumber();
  }
}
