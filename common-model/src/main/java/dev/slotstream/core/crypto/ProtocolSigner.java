package dev.slotstream.core.crypto;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.SignedPayload;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs and recovers protocol messages in one {@link SigningDomain}. Every signature covers {@link
 * Eip712#digest} of the message kind and the hash of the payload's one canonical encoding.
 * Thread-safe and stateless apart from the cached domain separator.
 */
public final class ProtocolSigner {
  private final SigningDomain domain;
  private final Bytes32 domainSeparator;
  private final SignatureRecovery recovery;

  /** A signer for {@code domain} recovering with {@link SignatureRecovery#best()}. */
  public ProtocolSigner(SigningDomain domain) {
    this(domain, SignatureRecovery.best());
  }

  public ProtocolSigner(SigningDomain domain, SignatureRecovery recovery) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.recovery = Objects.requireNonNull(recovery, "recovery");
    this.domainSeparator = domain.domainSeparator();
  }

  public SigningDomain domain() {
    return domain;
  }

  public Bytes32 domainSeparator() {
    return domainSeparator;
  }

  public SignatureRecovery recovery() {
    return recovery;
  }

  /** The EIP-712 digest of {@code payload} in this domain. */
  public Bytes32 digest(SignedPayload payload) {
    return Eip712.digest(domainSeparator, payload.kind(), payload.payloadHash());
  }

  /** The EIP-712 digest of a payload known by its hash (e.g. its message id). */
  public Bytes32 digest(MessageKind kind, Bytes32 payloadHash) {
    return Eip712.digest(domainSeparator, kind, payloadHash);
  }

  public Signature sign(SignedPayload payload, SigningKey key) {
    return key.sign(digest(payload));
  }

  /** Who signed {@code payload}; empty when the signature does not recover. */
  public Optional<EthAddress> recoverSigner(SignedPayload payload, Signature signature) {
    return recovery.recover(digest(payload), signature);
  }

  /** True when {@code signature} over {@code payload} recovers to {@code expected}. */
  public boolean verify(SignedPayload payload, Signature signature, EthAddress expected) {
    return recoverSigner(payload, signature).map(expected::equals).orElse(false);
  }

  // ---- builders ------------------------------------------------------------------------------

  /**
   * Signs a tx. The key must be the payload's sender and the payload's chainId this domain's: an
   * honest client never signs anything else (build {@code new Tx(payload, sign(payload, key))} to
   * make a deliberately wrong one in a test).
   */
  public Tx signTx(TxPayload payload, SigningKey key) {
    if (!payload.sender().equals(key.address())) {
      throw new IllegalArgumentException(
          "tx sender " + payload.sender() + " is not the signing key's address " + key.address());
    }
    if (payload.chainId() != domain.chainId()) {
      throw new IllegalArgumentException(
          "tx chainId " + payload.chainId() + " differs from the domain's " + domain.chainId());
    }
    return new Tx(payload, sign(payload, key));
  }

  public BlockProposal signBlock(
      BlockProposalPayload payload, SigningKey proposer, Optional<List<Tx>> txs) {
    return new BlockProposal(payload, sign(payload, proposer), txs);
  }

  /** Signs the checkpoint as CHECKPOINT_PROPOSAL; {@code lastBlock} keeps its own block signature. */
  public CheckpointProposal signCheckpoint(
      CheckpointPayload payload, BlockProposal lastBlock, SigningKey proposer) {
    return new CheckpointProposal(
        payload, sign(payload.as(MessageKind.CHECKPOINT_PROPOSAL), proposer), lastBlock);
  }

  /** An attestation to {@code proposal}, carrying the proposer's signature alongside. */
  public CheckpointAttestation attest(CheckpointProposal proposal, SigningKey attester) {
    CheckpointPayload payload = proposal.payload();
    return new CheckpointAttestation(
        payload,
        sign(payload.as(MessageKind.CHECKPOINT_ATTESTATION), attester),
        proposal.signature());
  }

  // ---- recovery ------------------------------------------------------------------------------

  /** The address that signed the tx (compare with {@code payload().sender()}, or use {@link #verifyTxSender}). */
  public Optional<EthAddress> recoverTxSender(Tx tx) {
    // tx.hash() is the payload hash, remembered by the tx: no second encoding and keccak
    return recovery.recover(digest(MessageKind.TX, tx.hash().value()), tx.signature());
  }

  /** True when the tx's signature recovers to the sender its payload names. */
  public boolean verifyTxSender(Tx tx) {
    return recoverTxSender(tx).map(tx.payload().sender()::equals).orElse(false);
  }

  public Optional<EthAddress> recoverProposer(BlockProposal block) {
    return recoverSigner(block.payload(), block.signature());
  }

  public Optional<EthAddress> recoverProposer(CheckpointProposal proposal) {
    return recoverSigner(proposal.signedPayload(), proposal.signature());
  }

  public Optional<EthAddress> recoverAttester(CheckpointAttestation attestation) {
    return recoverSigner(attestation.signedPayload(), attestation.signature());
  }

  /** The proposer of the attested checkpoint: its signature covers the payload as CHECKPOINT_PROPOSAL. */
  public Optional<EthAddress> recoverProposer(CheckpointAttestation attestation) {
    return recoverSigner(
        attestation.payload().as(MessageKind.CHECKPOINT_PROPOSAL), attestation.proposerSignature());
  }

  @Override
  public String toString() {
    return "ProtocolSigner[" + domain + ", recovery=" + recovery.name() + "]";
  }
}
