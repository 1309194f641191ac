package dev.slotstream.attestation.web;

import dev.slotstream.core.attestation.PooledAttestation;
import dev.slotstream.core.types.Hex;

/**
 * One pooled attestation over REST.
 *
 * @param slot the attestation's slot
 * @param proposalPayloadHash the checkpoint proposal's payload hash it attests to
 * @param signer the recovered attester
 * @param encoded the canonical encoding, 0x-hex (decode with {@code CheckpointAttestation.decode})
 */
public record AttestationView(
    long slot, String proposalPayloadHash, String signer, String encoded) {
  public static AttestationView of(PooledAttestation a) {
    return new AttestationView(
        a.slot().value(),
        a.proposalPayloadHash().toHex(),
        a.signer().toHex(),
        Hex.encode(a.attestation().encode()));
  }
}
