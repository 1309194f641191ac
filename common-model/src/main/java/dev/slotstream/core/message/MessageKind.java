package dev.slotstream.core.message;

import dev.slotstream.core.codec.ProtocolLimits;

/**
 * Every kind of signed message. The tag opens its encoding; the EIP-712 primary type name keeps a
 * signature for one kind from ever verifying as another.
 */
public enum MessageKind {
  TX(1, "Tx", ProtocolLimits.MAX_TX_BYTES),
  BLOCK_PROPOSAL(2, "BlockProposal", ProtocolLimits.MAX_MESSAGE_BYTES),
  CHECKPOINT_PROPOSAL(3, "CheckpointProposal", ProtocolLimits.MAX_MESSAGE_BYTES),
  CHECKPOINT_ATTESTATION(4, "CheckpointAttestation", ProtocolLimits.MAX_ATTESTATION_BYTES),
  CHECKPOINT_QUORUM(
      5,
      "CheckpointQuorum",
      ProtocolLimits.MAX_ATTESTATION_BYTES * (ProtocolLimits.MAX_COMMITTEE_SIZE + 1));

  private final int tag;
  private final String eip712TypeName;
  private final int maxEncodedBytes;

  MessageKind(int tag, String eip712TypeName, int maxEncodedBytes) {
    this.tag = tag;
    this.eip712TypeName = eip712TypeName;
    this.maxEncodedBytes = maxEncodedBytes;
  }

  public int tag() {
    return tag;
  }

  public String eip712TypeName() {
    return eip712TypeName;
  }

  /** The EIP-712 struct type: one field, the keccak of the canonical signed payload. */
  public String eip712TypeString() {
    return eip712TypeName + "(bytes32 payloadHash)";
  }

  public int maxEncodedBytes() {
    return maxEncodedBytes;
  }
}
