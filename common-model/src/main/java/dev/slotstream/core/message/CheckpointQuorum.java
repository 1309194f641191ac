package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Objects;

/**
 * A checkpoint with a quorum of attestations, in committee order: what the L1 publisher submits.
 * Emitted once per checkpoint by the attestation service; not signed itself, since every
 * attestation in it is.
 */
public record CheckpointQuorum(
    CheckpointPayload payload,
    int committeeSize,
    List<Integer> committeePositions,
    List<CheckpointAttestation> attestations) {

  public CheckpointQuorum {
    Objects.requireNonNull(payload, "payload");
    committeePositions = List.copyOf(committeePositions);
    attestations = List.copyOf(attestations);
    if (committeeSize < 1 || committeeSize > ProtocolLimits.MAX_COMMITTEE_SIZE) {
      throw new IllegalArgumentException("committee size " + committeeSize + " out of range");
    }
    if (committeePositions.size() != attestations.size()) {
      throw new IllegalArgumentException("one committee position per attestation");
    }
    for (int i = 0; i < committeePositions.size(); i++) {
      int position = committeePositions.get(i);
      if (position < 0 || position >= committeeSize) {
        throw new IllegalArgumentException("committee position " + position + " out of range");
      }
      if (i > 0 && position <= committeePositions.get(i - 1)) {
        throw new IllegalArgumentException(
            "attestations must be in strictly increasing committee order");
      }
      if (!attestations.get(i).payload().equals(payload)) {
        throw new IllegalArgumentException("attestation " + i + " is for another checkpoint");
      }
    }
  }

  public static CheckpointQuorum read(ByteReader r) {
    CheckpointPayload payload = CheckpointPayload.read(r);
    int committeeSize = r.u16("quorum.committeeSize");
    List<Integer> positions =
        r.list(
            "quorum.positions",
            ProtocolLimits.MAX_COMMITTEE_SIZE,
            2,
            rr -> rr.u16("quorum.position"));
    List<CheckpointAttestation> attestations =
        r.list(
            "quorum.attestations",
            ProtocolLimits.MAX_COMMITTEE_SIZE,
            CheckpointAttestation.ENCODED_SIZE - 2,
            CheckpointAttestation::read);
    return new CheckpointQuorum(payload, committeeSize, positions, attestations);
  }

  public void write(ByteWriter w) {
    payload.write(w);
    w.u16(committeeSize);
    w.list(committeePositions, ByteWriter::u16);
    w.list(attestations, (ww, a) -> a.write(ww));
  }

  public byte[] encode() {
    return WireFormat.encode(
        MessageKind.CHECKPOINT_QUORUM,
        CheckpointPayload.ENCODED_SIZE + attestations.size() * CheckpointAttestation.ENCODED_SIZE,
        this::write);
  }

  public static CheckpointQuorum decode(byte[] bytes) {
    return WireFormat.decode(bytes, MessageKind.CHECKPOINT_QUORUM, CheckpointQuorum::read);
  }

  /** The proposal payload hash: one quorum event per checkpoint is keyed by it. */
  public Bytes32 proposalPayloadHash() {
    return payload.as(MessageKind.CHECKPOINT_PROPOSAL).payloadHash();
  }

  public SlotNumber slotNumber() {
    return payload.slotNumber();
  }
}
