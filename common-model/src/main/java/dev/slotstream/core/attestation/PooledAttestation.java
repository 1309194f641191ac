package dev.slotstream.core.attestation;

import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/** A validated attestation with its recovered attester, so the pool never recovers a signature. */
public record PooledAttestation(EthAddress signer, CheckpointAttestation attestation) {
  public PooledAttestation {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(attestation, "attestation");
  }

  public SlotNumber slot() {
    return attestation.slotNumber();
  }

  public Bytes32 proposalPayloadHash() {
    return attestation.proposalPayloadHash();
  }
}
