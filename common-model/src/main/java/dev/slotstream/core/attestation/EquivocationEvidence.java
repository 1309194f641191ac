package dev.slotstream.core.attestation;

import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;

/**
 * Two different attestations by one signer in one slot: a slashable offence. {@code first} is the
 * one the pool counts; {@code second} is only kept as proof.
 */
public record EquivocationEvidence(
    SlotNumber slot,
    EthAddress signer,
    CheckpointAttestation first,
    CheckpointAttestation second) {}
