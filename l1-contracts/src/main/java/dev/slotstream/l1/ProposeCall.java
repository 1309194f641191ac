package dev.slotstream.l1;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.consensus.VerifiedQuorum;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The arguments of {@code Rollup.propose} in their on-chain form (docs/PROTOCOL.md §16.3): the
 * canonical header bytes, the archive, the concatenated tx effects, the concatenated 296-byte block
 * headers (so a node can rebuild the chain from L1 alone), the committee in draw order, a
 * bitmap of attesting positions (bit i = position i) and their 65-byte signatures in position order.
 * Byte arrays are copied in and out, so a value never changes.
 */
public final class ProposeCall {
  private final byte[] header;
  private final byte[] archive;
  private final byte[] txEffects;
  private final byte[] blockHeaders;
  private final List<EthAddress> committee;
  private final BigInteger signerBitmap;
  private final byte[] signatures;
  private final byte[] proposerSignature;

  public ProposeCall(
      byte[] header,
      byte[] archive,
      byte[] txEffects,
      byte[] blockHeaders,
      List<EthAddress> committee,
      BigInteger signerBitmap,
      byte[] signatures,
      byte[] proposerSignature) {
    this.header = header.clone();
    this.archive = archive.clone();
    this.txEffects = txEffects.clone();
    this.blockHeaders = blockHeaders.clone();
    this.committee = List.copyOf(committee);
    this.signerBitmap = Objects.requireNonNull(signerBitmap, "signerBitmap");
    this.signatures = signatures.clone();
    this.proposerSignature = proposerSignature.clone();
    if (this.archive.length != 32) {
      throw new IllegalArgumentException("archive must be 32 bytes, got " + this.archive.length);
    }
  }

  /**
   * The call for a checkpoint certified by {@code attestations} (committee position → that member's
   * CHECKPOINT_ATTESTATION signature).
   */
  public static ProposeCall of(
      CheckpointPayload payload,
      List<BlockHeader> blockHeaders,
      List<TxEffect> effects,
      Committee committee,
      Map<Integer, Signature> attestations,
      Signature proposerSignature) {
    SortedMap<Integer, Signature> byPosition = new TreeMap<>(attestations);
    BigInteger bitmap = BigInteger.ZERO;
    ByteArrayOutputStream sigs = new ByteArrayOutputStream(byPosition.size() * Signature.SIZE);
    for (Map.Entry<Integer, Signature> e : byPosition.entrySet()) {
      int position = e.getKey();
      if (position < 0 || position >= committee.size()) {
        throw new IllegalArgumentException(
            "position " + position + " outside a committee of " + committee.size());
      }
      bitmap = bitmap.setBit(position);
      sigs.writeBytes(e.getValue().toBytes());
    }
    return new ProposeCall(
        payload.header().encode(),
        payload.archive().toBytes(),
        encodeEffects(effects),
        encodeBlockHeaders(blockHeaders),
        committee.members(),
        bitmap,
        sigs.toByteArray(),
        proposerSignature.toBytes());
  }

  /**
   * The call that lands a certified checkpoint: the quorum's signatures by committee position, the
   * proposer's signature they carry, and the checkpoint's tx effects.
   */
  public static ProposeCall of(VerifiedQuorum quorum, Checkpoint checkpoint, Committee committee) {
    CheckpointQuorum q = quorum.quorum();
    Map<Integer, Signature> byPosition = new TreeMap<>();
    for (int i = 0; i < q.attestations().size(); i++) {
      byPosition.put(q.committeePositions().get(i), q.attestations().get(i).signature());
    }
    return of(
        q.payload(),
        checkpoint.blocks().stream().map(L2Block::header).toList(),
        checkpoint.txEffects(),
        committee,
        byPosition,
        q.attestations().get(0).proposerSignature());
  }

  /** {@code propose}'s calldata, ABI-encoded by the generated wrapper. */
  public String encodeFunctionCall(Rollup rollup) {
    return rollup
        .propose(
            header,
            archive,
            txEffects,
            blockHeaders,
            committeeHex(),
            signerBitmap,
            signatures,
            proposerSignature)
        .encodeFunctionCall();
  }

  /** Each effect's §7.4 encoding, concatenated in order: the checkpoint's data in calldata. */
  public static byte[] encodeEffects(List<TxEffect> effects) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (TxEffect effect : effects) {
      out.writeBytes(effect.encode());
    }
    return out.toByteArray();
  }

  /** Each block header's 296-byte encoding, concatenated in block order. */
  public static byte[] encodeBlockHeaders(List<BlockHeader> headers) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(headers.size() * BlockHeader.ENCODED_SIZE);
    for (BlockHeader h : headers) {
      out.writeBytes(h.encode());
    }
    return out.toByteArray();
  }

  public byte[] blockHeaders() {
    return blockHeaders.clone();
  }

  public byte[] header() {
    return header.clone();
  }

  public byte[] archive() {
    return archive.clone();
  }

  public byte[] txEffects() {
    return txEffects.clone();
  }

  public List<EthAddress> committee() {
    return committee;
  }

  public List<String> committeeHex() {
    return committee.stream().map(EthAddress::toHex).toList();
  }

  public BigInteger signerBitmap() {
    return signerBitmap;
  }

  public byte[] signatures() {
    return signatures.clone();
  }

  public byte[] proposerSignature() {
    return proposerSignature.clone();
  }

  public int signatureCount() {
    return signatures.length / Signature.SIZE;
  }

  public ProposeCall withHeader(byte[] newHeader) {
    return new ProposeCall(
        newHeader,
        archive,
        txEffects,
        blockHeaders,
        committee,
        signerBitmap,
        signatures,
        proposerSignature);
  }

  public ProposeCall withTxEffects(byte[] newTxEffects) {
    return new ProposeCall(
        header,
        archive,
        newTxEffects,
        blockHeaders,
        committee,
        signerBitmap,
        signatures,
        proposerSignature);
  }

  public ProposeCall withBlockHeaders(byte[] newBlockHeaders) {
    return new ProposeCall(
        header,
        archive,
        txEffects,
        newBlockHeaders,
        committee,
        signerBitmap,
        signatures,
        proposerSignature);
  }

  public ProposeCall withAttestations(BigInteger newBitmap, byte[] newSignatures) {
    return new ProposeCall(
        header,
        archive,
        txEffects,
        blockHeaders,
        committee,
        newBitmap,
        newSignatures,
        proposerSignature);
  }

  public ProposeCall withProposerSignature(byte[] newProposerSignature) {
    return new ProposeCall(
        header,
        archive,
        txEffects,
        blockHeaders,
        committee,
        signerBitmap,
        signatures,
        newProposerSignature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProposeCall c
        && Arrays.equals(header, c.header)
        && Arrays.equals(archive, c.archive)
        && Arrays.equals(txEffects, c.txEffects)
        && Arrays.equals(blockHeaders, c.blockHeaders)
        && committee.equals(c.committee)
        && signerBitmap.equals(c.signerBitmap)
        && Arrays.equals(signatures, c.signatures)
        && Arrays.equals(proposerSignature, c.proposerSignature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(header), Arrays.hashCode(archive), committee, signerBitmap);
  }
}
