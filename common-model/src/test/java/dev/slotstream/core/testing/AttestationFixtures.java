package dev.slotstream.core.testing;

import dev.slotstream.core.attestation.PooledAttestation;
import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;

/**
 * Signed attestations on common-model's {@link TestNetwork} (4 validators "validator-i", devnet
 * timetable, genesis 2026-01-01): committee of 4, quorum 3.
 */
public final class AttestationFixtures {
  /** Properties that make a service context match {@link TestNetwork}, as {@code key=value}. */
  public static final String[] NETWORK_PROPERTIES =
      TestNetwork.protocolProperties().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .toArray(String[]::new);

  private final TestNetwork network = new TestNetwork(4);
  private final RandomData data;

  public AttestationFixtures(long seed) {
    this.data = new RandomData(seed);
  }

  public TestNetwork network() {
    return network;
  }

  public ProtocolSigner signer() {
    return network.context().signer();
  }

  public Committee committee(SlotNumber slot) {
    return network.context().epochCache().committeeFor(slot);
  }

  /** An instant inside {@code slot}'s receive window. */
  public Instant inside(SlotNumber slot) {
    return network.slotStart(slot).plusSeconds(1);
  }

  /** A fresh checkpoint of {@code slot}, with its proposer's signature. */
  public Checkpoint checkpoint(SlotNumber slot) {
    return checkpoint(slot, network.proposerKey(slot));
  }

  public Checkpoint checkpoint(SlotNumber slot, SigningKey proposer) {
    CheckpointPayload payload =
        new CheckpointPayload(data.checkpointHeader(slot, data.fr()), data.fr());
    return new Checkpoint(
        payload, signer().sign(payload.as(MessageKind.CHECKPOINT_PROPOSAL), proposer));
  }

  /** A fresh checkpoint of {@code slot} whose parent (lastArchiveRoot) is {@code parent}'s archive. */
  public Checkpoint checkpointOn(Checkpoint parent, SlotNumber slot) {
    CheckpointHeader h = data.checkpointHeader(slot, data.fr());
    CheckpointPayload payload =
        new CheckpointPayload(
            new CheckpointHeader(
                parent.payload().archive(),
                h.blockHeadersHash(),
                h.contentCommitment(),
                h.slotNumber(),
                h.timestamp(),
                h.coinbase(),
                h.feeRecipient(),
                h.gasFees(),
                h.totalManaUsed()),
            data.fr());
    return new Checkpoint(
        payload,
        signer().sign(payload.as(MessageKind.CHECKPOINT_PROPOSAL), network.proposerKey(slot)));
  }

  public CheckpointAttestation attest(Checkpoint checkpoint, SigningKey attester) {
    return new CheckpointAttestation(
        checkpoint.payload(),
        signer().sign(checkpoint.payload().as(MessageKind.CHECKPOINT_ATTESTATION), attester),
        checkpoint.proposerSignature());
  }

  public PooledAttestation pooled(Checkpoint checkpoint, SigningKey attester) {
    return new PooledAttestation(attester.address(), attest(checkpoint, attester));
  }

  public List<SigningKey> keys() {
    return network.keys();
  }

  public record Checkpoint(CheckpointPayload payload, Signature proposerSignature) {
    public SlotNumber slot() {
      return payload.slotNumber();
    }
  }
}
