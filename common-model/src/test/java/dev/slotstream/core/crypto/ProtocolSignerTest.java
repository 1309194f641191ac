package dev.slotstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.SignedPayload;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtocolSignerTest {
  static final EthAddress ROLLUP = EthAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  static final SigningDomain DOMAIN = SigningDomain.of(TestPayloads.CHAIN_ID, ROLLUP);

  final ProtocolSigner signer = new ProtocolSigner(DOMAIN);
  final ProtocolSigner signerWithWeb3j = new ProtocolSigner(DOMAIN, SignatureRecovery.web3j());
  final TestPayloads data = new TestPayloads(7);

  final SigningKey alice = SigningKey.fromSeed("alice");
  final SigningKey bob = SigningKey.fromSeed("bob");
  final SigningKey carol = SigningKey.fromSeed("carol");

  /** A tx by alice, a block and a checkpoint by bob, an attestation by carol. */
  record Flow(Tx tx, BlockProposal block, CheckpointProposal proposal, CheckpointAttestation att) {}

  Flow flow() {
    Tx tx = signer.signTx(data.txPayload(alice.address()), alice);
    SlotNumber slot = SlotNumber.of(42);
    Fr inHash = data.fr();
    Fr archive = data.fr();
    BlockProposalPayload bp = data.blockPayload(slot, 0, inHash, archive, List.of(tx));
    BlockProposal block = signer.signBlock(bp, bob, Optional.of(List.of(tx)));
    CheckpointPayload cp = data.checkpointPayload(slot, inHash, archive);
    CheckpointProposal proposal = signer.signCheckpoint(cp, block, bob);
    CheckpointAttestation att = signer.attest(proposal, carol);
    return new Flow(tx, block, proposal, att);
  }

  @Test
  void everyBuilderProducesAMessageWhoseSignerRecovers() {
    Flow f = flow();
    for (ProtocolSigner s : List.of(signer, signerWithWeb3j)) {
      assertThat(s.recoverTxSender(f.tx())).contains(alice.address());
      assertThat(s.verifyTxSender(f.tx())).isTrue();
      assertThat(s.recoverProposer(f.block())).contains(bob.address());
      assertThat(s.recoverProposer(f.proposal())).contains(bob.address());
      assertThat(s.recoverAttester(f.att())).contains(carol.address());
      assertThat(s.recoverProposer(f.att())).contains(bob.address());
    }
    assertThat(f.att().proposerSignature()).isEqualTo(f.proposal().signature());
    assertThat(f.proposal().lastBlock()).isSameAs(f.block());
  }

  @Test
  void signaturesSurviveTheWireEncoding() {
    Flow f = flow();
    assertThat(signer.recoverTxSender(Tx.decode(f.tx().encode()))).contains(alice.address());
    assertThat(signer.recoverProposer(BlockProposal.decode(f.block().encode())))
        .contains(bob.address());
    assertThat(signer.recoverProposer(CheckpointProposal.decode(f.proposal().encode())))
        .contains(bob.address());
    CheckpointAttestation att = CheckpointAttestation.decode(f.att().encode());
    assertThat(signer.recoverAttester(att)).contains(carol.address());
    assertThat(signer.recoverProposer(att)).contains(bob.address());
  }

  @Test
  void aSignatureForOneKindNeverVerifiesAsAnother() {
    byte[] body = {1, 2, 3, 4};
    for (MessageKind signedAs : MessageKind.values()) {
      Signature sig = signer.sign(TestPayloads.raw(signedAs, body), alice);
      for (MessageKind checkedAs : MessageKind.values()) {
        Optional<EthAddress> got = signer.recoverSigner(TestPayloads.raw(checkedAs, body), sig);
        if (checkedAs == signedAs) {
          assertThat(got).contains(alice.address());
        } else {
          assertThat(got)
              .as("%s signature checked as %s", signedAs, checkedAs)
              .isNotEqualTo(Optional.of(alice.address()));
        }
      }
    }
  }

  @Test
  void aCheckpointProposalSignatureDoesNotPassAsAnAttestationOrTheReverse() {
    Flow f = flow();
    // The proposer's signature placed where the attester's goes: it does not recover to bob.
    CheckpointAttestation forged =
        new CheckpointAttestation(
            f.proposal().payload(), f.proposal().signature(), f.proposal().signature());
    assertThat(signer.recoverAttester(forged)).isNotEqualTo(Optional.of(bob.address()));
    // An attestation signature presented as the proposer's: it does not recover to carol.
    CheckpointAttestation swapped =
        new CheckpointAttestation(f.att().payload(), f.att().signature(), f.att().signature());
    assertThat(signer.recoverProposer(swapped)).isNotEqualTo(Optional.of(carol.address()));
  }

  @Test
  void aSignatureFromAnotherChainOrRollupContractRecoversSomeoneElse() {
    Flow f = flow();
    List<SigningDomain> foreign =
        List.of(
            SigningDomain.of(TestPayloads.CHAIN_ID + 1, ROLLUP),
            SigningDomain.of(1, ROLLUP),
            SigningDomain.of(TestPayloads.CHAIN_ID, EthAddress.ZERO),
            new SigningDomain("Slotstream", "2", TestPayloads.CHAIN_ID, ROLLUP),
            new SigningDomain("Other", "1", TestPayloads.CHAIN_ID, ROLLUP));
    for (SigningDomain d : foreign) {
      ProtocolSigner other = new ProtocolSigner(d);
      assertThat(other.recoverTxSender(f.tx())).isNotEqualTo(Optional.of(alice.address()));
      assertThat(other.verifyTxSender(f.tx())).isFalse();
      assertThat(other.recoverProposer(f.block())).isNotEqualTo(Optional.of(bob.address()));
      assertThat(other.recoverProposer(f.proposal())).isNotEqualTo(Optional.of(bob.address()));
      assertThat(other.recoverAttester(f.att())).isNotEqualTo(Optional.of(carol.address()));
      assertThat(other.recoverProposer(f.att())).isNotEqualTo(Optional.of(bob.address()));
      // and the foreign domain's own signature recovers there only
      Tx foreignTx = new Tx(f.tx().payload(), other.sign(f.tx().payload(), alice));
      assertThat(other.recoverTxSender(foreignTx)).contains(alice.address());
      assertThat(signer.recoverTxSender(foreignTx)).isNotEqualTo(Optional.of(alice.address()));
    }
  }

  @Test
  void theMessageIdDoesNotChangeWhenReSigned() {
    Flow f = flow();
    BlockProposal reSigned = signer.signBlock(f.block().payload(), carol, f.block().txs());
    assertThat(reSigned.signature()).isNotEqualTo(f.block().signature());
    assertThat(reSigned.id())
        .isEqualTo(f.block().id())
        .isEqualTo(f.block().payload().payloadHash());

    CheckpointProposal reProposed = signer.signCheckpoint(f.proposal().payload(), f.block(), alice);
    assertThat(reProposed.signature()).isNotEqualTo(f.proposal().signature());
    assertThat(reProposed.id()).isEqualTo(f.proposal().id());

    CheckpointAttestation byAlice = signer.attest(f.proposal(), alice);
    assertThat(byAlice.signature()).isNotEqualTo(f.att().signature());
    assertThat(byAlice.payloadHash()).isEqualTo(f.att().payloadHash());

    // A tx has one valid signature per key (RFC 6979, low-s), and its hash ignores the signature.
    TxPayload p = f.tx().payload();
    Tx again = signer.signTx(p, alice);
    assertThat(again).isEqualTo(f.tx());
    Tx forgedSig = new Tx(p, signer.sign(p, bob));
    assertThat(forgedSig.hash()).isEqualTo(f.tx().hash());
    assertThat(signer.verifyTxSender(forgedSig)).isFalse();
  }

  @Test
  void signTxRefusesAKeyThatIsNotTheSenderOrAForeignChainId() {
    TxPayload byAlice = data.txPayload(alice.address());
    assertThatThrownBy(() -> signer.signTx(byAlice, bob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sender");
    TxPayload otherChain = new TxPayload(1, alice.address(), 0, 0, List.of(), List.of());
    assertThatThrownBy(() -> signer.signTx(otherChain, alice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chainId");
  }

  @Test
  void nativeAndWeb3jBackedSignersAgree() {
    Flow f = flow();
    SignedPayload p = f.att().signedPayload();
    assertThat(signer.recovery().name()).isEqualTo("libsecp256k1");
    assertThat(signer.recoverSigner(p, f.att().signature()))
        .isEqualTo(signerWithWeb3j.recoverSigner(p, f.att().signature()));
    assertThat(signer.digest(p)).isEqualTo(Eip712.digest(DOMAIN, p));
    assertThat(signer.domainSeparator()).isEqualTo(DOMAIN.domainSeparator());
  }
}
