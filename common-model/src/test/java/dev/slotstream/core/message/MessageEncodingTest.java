package dev.slotstream.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Signature;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class MessageEncodingTest {
  private static long seed = 1488;

  private static RandomData data() {
    return new RandomData(seed++);
  }

  @RepeatedTest(50)
  void shouldRoundTripTx() {
    Tx tx = data().tx();
    assertThat(Tx.decode(tx.encode())).isEqualTo(tx);
    assertThat(Tx.decode(tx.encode()).encode()).isEqualTo(tx.encode());
  }

  @RepeatedTest(20)
  void shouldKeepTxEqualByValueWhetherOrNotItRemembersItsHash() {
    Tx tx = data().tx();
    Tx hashed = Tx.decode(tx.encode());
    Tx fresh = Tx.decode(tx.encode());
    assertThat(hashed.hash()).isEqualTo(tx.payload().hash()).isSameAs(hashed.hash());
    assertThat(hashed).isEqualTo(fresh).hasSameHashCodeAs(fresh).hasToString(fresh.toString());
    assertThat(fresh.hash()).isEqualTo(hashed.hash());
    // a re-signed tx is another tx with the same hash
    Tx resigned = new Tx(tx.payload(), data().tx().signature());
    assertThat(resigned).isNotEqualTo(tx);
    assertThat(resigned.hash()).isEqualTo(tx.hash());
  }

  @RepeatedTest(50)
  void shouldRoundTripBlockProposalWithAndWithoutTxs() {
    RandomData d = data();
    for (boolean withTxs : new boolean[] {true, false}) {
      BlockProposal p = d.blockProposal(d.random().nextInt(6), withTxs);
      assertThat(BlockProposal.decode(p.encode())).isEqualTo(p);
      assertThat(BlockProposal.decode(p.encode()).encode()).isEqualTo(p.encode());
    }
  }

  @RepeatedTest(50)
  void shouldRoundTripCheckpointProposal() {
    RandomData d = data();
    CheckpointProposal p = d.checkpointProposal(d.random().nextInt(4), d.random().nextBoolean());
    assertThat(CheckpointProposal.decode(p.encode())).isEqualTo(p);
  }

  @RepeatedTest(50)
  void shouldRoundTripAttestationWithinItsSizeLimit() {
    CheckpointAttestation a = data().attestation();
    byte[] bytes = a.encode();
    assertThat(bytes).hasSize(CheckpointAttestation.ENCODED_SIZE);
    assertThat(bytes.length).isLessThanOrEqualTo(ProtocolLimits.MAX_ATTESTATION_BYTES);
    assertThat(CheckpointAttestation.decode(bytes)).isEqualTo(a);
  }

  @RepeatedTest(20)
  void shouldRoundTripQuorum() {
    CheckpointQuorum q = data().quorum(7, 5);
    assertThat(CheckpointQuorum.decode(q.encode())).isEqualTo(q);
  }

  @Test
  void shouldRefuseQuorumOutOfCommitteeOrder() {
    CheckpointQuorum q = data().quorum(7, 3);
    assertThatThrownBy(
            () -> new CheckpointQuorum(q.payload(), 7, List.of(2, 1, 5), q.attestations()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("committee order");
  }

  @RepeatedTest(20)
  void shouldEncodeHeadersToTheirDeclaredSize() {
    RandomData d = data();
    BlockHeader block = d.blockHeader();
    CheckpointHeader checkpoint = d.checkpointProposal(0, false).payload().header();
    assertThat(block.encode()).hasSize(BlockHeader.ENCODED_SIZE);
    assertThat(checkpoint.encode()).hasSize(CheckpointHeader.ENCODED_SIZE);
  }

  @Test
  void shouldGiveEqualHeadersEqualHashesAndDifferentHeadersDifferentHashes() {
    RandomData d = data();
    BlockHeader a = d.blockHeader();
    BlockHeader sameAsA = BlockHeader.read(new dev.slotstream.core.codec.ByteReader(a.encode()));
    assertThat(sameAsA.hash()).isEqualTo(a.hash());
    assertThat(d.blockHeader().hash()).isNotEqualTo(a.hash());
  }

  @Test
  void shouldKeepMessageIdWhenOnlyTheSignatureChanges() {
    RandomData d = data();
    BlockProposal p = d.blockProposal(2, true);
    BlockProposal resigned = new BlockProposal(p.payload(), d.signature(), p.txs());
    assertThat(resigned.id()).isEqualTo(p.id());
    assertThat(resigned.encode()).isNotEqualTo(p.encode());
  }

  @Test
  void shouldSeparateCheckpointProposalAndAttestationPayloadsByKind() {
    CheckpointProposal p = data().checkpointProposal(0, false);
    assertThat(p.payload().as(MessageKind.CHECKPOINT_PROPOSAL).payloadHash())
        .isNotEqualTo(p.payload().as(MessageKind.CHECKPOINT_ATTESTATION).payloadHash());
    assertThatThrownBy(() -> p.payload().as(MessageKind.TX))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectWrongKindTag() {
    Tx tx = data().tx();
    assertThatThrownBy(() -> BlockProposal.decode(tx.encode()))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("expected kind tag 2 but got 1");
  }

  @Test
  void shouldRejectUnknownVersion() {
    byte[] bytes = data().tx().encode();
    bytes[1] = 9;
    assertThatThrownBy(() -> Tx.decode(bytes))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("unsupported format version 9");
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] bytes = data().attestation().encode();
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> CheckpointAttestation.decode(longer))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("1 trailing bytes");
  }

  @Test
  void shouldRejectOversizedAttestationBeforeParsing() {
    byte[] huge = new byte[ProtocolLimits.MAX_ATTESTATION_BYTES + 1];
    assertThatThrownBy(() -> CheckpointAttestation.decode(huge))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("exceeds limit");
  }

  @Test
  void shouldRejectTxHashCountLargerThanTheLimitWithoutAllocating() {
    RandomData d = data();
    ByteWriter w = new ByteWriter();
    w.u8(MessageKind.BLOCK_PROPOSAL.tag()).u8(WireFormat.VERSION);
    d.blockHeader().write(w);
    w.u16(0);
    d.fr().write(w);
    d.fr().write(w);
    w.u32(Integer.MAX_VALUE);
    assertThatThrownBy(() -> BlockProposal.decode(w.toByteArray()))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("block.txHashes")
        .hasMessageContaining("exceeds limit");
  }

  @Test
  void shouldRejectCountThatCannotFitTheRemainingBytes() {
    RandomData d = data();
    ByteWriter w = new ByteWriter();
    w.u8(MessageKind.BLOCK_PROPOSAL.tag()).u8(WireFormat.VERSION);
    d.blockHeader().write(w);
    w.u16(0);
    d.fr().write(w);
    d.fr().write(w);
    w.u32(ProtocolLimits.MAX_TXS_PER_BLOCK);
    assertThatThrownBy(() -> BlockProposal.decode(w.toByteArray()))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("cannot fit");
  }

  @Test
  void shouldRejectFieldElementAtOrAboveTheModulus() {
    byte[] bytes = data().attestation().encode();
    byte[] modulus = new Fr(Fr.MODULUS.subtract(BigInteger.ONE)).toBytes();
    modulus[31]++; // the modulus itself
    System.arraycopy(modulus, 0, bytes, 2, 32);
    assertThatThrownBy(() -> CheckpointAttestation.decode(bytes))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("checkpoint.lastArchiveRoot");
  }

  @Test
  void shouldRejectHighSSignatureOnDecode() {
    CheckpointAttestation a = data().attestation();
    byte[] bytes = a.encode();
    int sigOffset = bytes.length - 2 * Signature.SIZE;
    byte[] highS = Signature.CURVE_ORDER.subtract(BigInteger.ONE).toByteArray();
    System.arraycopy(highS, highS.length - 32, bytes, sigOffset + 32, 32);
    assertThatThrownBy(() -> CheckpointAttestation.decode(bytes))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("attestation.signature")
        .hasMessageContaining("low-s");
  }

  @Test
  void shouldRejectEmbeddedTxThatDoesNotMatchItsHash() {
    RandomData d = data();
    BlockProposal p = d.blockProposal(2, true);
    List<Tx> swapped = List.of(p.txs().orElseThrow().get(1), p.txs().orElseThrow().get(0));
    assertThatThrownBy(() -> new BlockProposal(p.payload(), p.signature(), Optional.of(swapped)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not hash to its listed tx hash");
  }

  @Test
  void shouldRefuseCheckpointWhoseLastBlockArchiveDiffers() {
    RandomData d = data();
    CheckpointProposal p = d.checkpointProposal(0, false);
    CheckpointPayload other = new CheckpointPayload(p.payload().header(), d.fr());
    assertThatThrownBy(() -> new CheckpointProposal(other, p.signature(), p.lastBlock()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("archive root");
  }

  @Test
  void shouldRefuseBlockIndexOutsideTheCheckpointLimit() {
    RandomData d = data();
    assertThatThrownBy(
            () ->
                new BlockProposalPayload(
                    d.blockHeader(),
                    ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT,
                    d.fr(),
                    d.fr(),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("indexWithinCheckpoint");
  }
}
