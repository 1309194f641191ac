package dev.slotstream.l1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.BlockBuildResult;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.ExecFixtures;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.bench.ProposeGasBenchmark;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.utils.Numeric;

/** {@code propose} against a real Anvil: what lands, and the exact custom error of each refusal. */
class RollupProposeTest {
  private static final int VALIDATORS = 12;
  private static final int TARGET = 8; // quorum 6
  private static final WorldState GENESIS = ExecFixtures.genesis(8);
  private static final Fr GENESIS_ARCHIVE = GENESIS.latest().archive().root();

  private static LocalAnvil anvil;
  private static L1Client client;
  private RollupFixture f;

  @BeforeAll
  static void startAnvil() {
    anvil = LocalAnvil.start();
    client = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
  }

  @AfterAll
  static void stopAnvil() {
    if (client != null) {
      client.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @BeforeEach
  void deploy() throws Exception {
    f = RollupFixture.deploy(client, VALIDATORS, TARGET, GENESIS_ARCHIVE);
  }

  // ---- what lands ---------------------------------------------------------------------------

  @Test
  void certifiedCheckpointsLandAndMoveTheTip() throws Exception {
    assertThat(tip()).isEqualTo(new Tip(0, 0, GENESIS_ARCHIVE));

    List<TxEffect> effects = RollupFixture.effects(3, 2, 1);
    CheckpointPayload first = f.payload(1, GENESIS_ARCHIVE, effects);
    ProposeCall call = f.certified(first, effects);
    f.enterSlot(1, 3);
    TransactionReceipt receipt = client.propose(f.rollup, call);

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(tip()).isEqualTo(new Tip(1, 1, first.archive()));
    List<Rollup.CheckpointProposedEventResponse> events =
        Rollup.getCheckpointProposedEvents(receipt);
    assertThat(events).hasSize(1);
    Rollup.CheckpointProposedEventResponse event = events.get(0);
    assertThat(event.checkpointNumber).isEqualTo(BigInteger.ONE);
    assertThat(event.slot).isEqualTo(BigInteger.ONE);
    assertThat(event.archive).isEqualTo(first.archive().toBytes());
    assertThat(event.headerHash).isEqualTo(first.header().hash().toBytes());
    assertThat(event.attestationsHash).isEqualTo(attestationsHash(call));

    // The next epoch has another committee; the chain continues on the first checkpoint's archive.
    long slot = RollupFixture.EPOCH_LENGTH + 2;
    assertThat(f.committee(slot).members()).isNotEqualTo(f.committee(1).members());
    CheckpointPayload second = f.payload(slot, first.archive(), List.of());
    f.enterSlot(slot, 0);
    assertThat(client.propose(f.rollup, f.certified(second, List.of())).isStatusOK()).isTrue();
    assertThat(tip()).isEqualTo(new Tip(2, slot, second.archive()));
  }

  @Test
  void checkpointBuiltByTheCoreLandsWithItsTxEffects() throws Exception {
    long slot = 2;
    CheckpointGlobals globals =
        new CheckpointGlobals(
            ExecFixtures.CHAIN_ID,
            ExecFixtures.VERSION,
            SlotNumber.of(slot),
            f.slotStart(slot),
            RollupFixture.COINBASE,
            RollupFixture.FEE_RECIPIENT,
            ExecFixtures.GAS_FEES);
    CheckpointBuilder builder =
        CheckpointBuilder.start(
            CheckpointNumber.of(1),
            globals,
            List.of(),
            GENESIS.forkLatest(),
            ExecFixtures.validator());
    ExecFixtures.TxGenerator txs = new ExecFixtures.TxGenerator(7, 8);
    List<TxEffect> effects = new ArrayList<>();
    for (int block = 0; block < 3; block++) {
      BlockBuildResult result =
          builder.buildBlock(txs.next(4), builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL);
      assertThat(result.block()).isPresent();
      effects.addAll(result.effects());
    }
    Checkpoint checkpoint = builder.complete();
    assertThat(effects).hasSize(12);
    assertThat(checkpoint.header().lastArchiveRoot()).isEqualTo(GENESIS_ARCHIVE);

    f.enterSlot(slot, 10);
    TransactionReceipt receipt = client.propose(f.rollup, f.certified(checkpoint));

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(tip()).isEqualTo(new Tip(1, slot, checkpoint.archiveRoot()));
  }

  @Test
  void everyCommitteeMemberMaySignAndTheProposerNeedNotAttest() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    int proposerPosition = committee.proposerIndexFor(SlotNumber.of(slot));
    List<Integer> all = RollupFixture.firstPositions(committee.size());
    List<Integer> withoutProposer = all.stream().filter(p -> p != proposerPosition).toList();
    ProposeCall call =
        ProposeCall.of(
            payload,
            f.blockHeaders(slot),
            List.of(),
            committee,
            f.attestations(payload, committee, withoutProposer),
            f.propose(payload, f.proposerKey(slot)));
    f.enterSlot(slot, 11);
    assertThat(client.propose(f.rollup, call).isStatusOK()).isTrue();
    assertThat(tip().slot()).isEqualTo(slot);
  }

  // ---- refusals: attestations ---------------------------------------------------------------

  @Test
  void tooFewSignatures() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    int quorum = committee.quorum();
    ProposeCall call =
        ProposeCall.of(
            payload,
            f.blockHeaders(slot),
            List.of(),
            committee,
            f.attestations(payload, committee, RollupFixture.firstPositions(quorum - 1)),
            f.propose(payload, f.proposerKey(slot)));

    RollupError.Revert revert = refused(slot, call, RollupError.INSUFFICIENT_ATTESTATIONS);
    assertThat(revert.argument(0)).isEqualTo(BigInteger.valueOf(quorum - 1));
    assertThat(revert.argument(1)).isEqualTo(BigInteger.valueOf(quorum));
  }

  @Test
  void signerOutsideTheCommittee() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    SigningKey outsider = SigningKey.fromSeed("not-a-validator");
    Map<Integer, Signature> sigs =
        new TreeMap<>(
            f.attestations(payload, committee, RollupFixture.firstPositions(committee.quorum())));
    sigs.put(2, f.attest(payload, outsider));

    RollupError.Revert revert =
        refused(
            slot, withAttestations(payload, committee, sigs), RollupError.SIGNER_NOT_IN_COMMITTEE);
    assertThat(revert.argument(0)).isEqualTo(BigInteger.TWO);
    assertThat(revert.argument(1)).isEqualTo(outsider.address().toHex());
  }

  @Test
  void validatorOutsideThisEpochsCommittee() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    SigningKey benched =
        f.keys.stream().filter(k -> !committee.contains(k.address())).findFirst().orElseThrow();
    Map<Integer, Signature> sigs =
        new TreeMap<>(
            f.attestations(payload, committee, RollupFixture.firstPositions(committee.quorum())));
    sigs.put(0, f.attest(payload, benched));

    RollupError.Revert revert =
        refused(
            slot, withAttestations(payload, committee, sigs), RollupError.SIGNER_NOT_IN_COMMITTEE);
    assertThat(revert.argument(1)).isEqualTo(benched.address().toHex());
  }

  @Test
  void repeatedSigner() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    int quorum = committee.quorum();
    Map<Integer, Signature> sigs =
        new TreeMap<>(f.attestations(payload, committee, RollupFixture.firstPositions(quorum)));
    // position 0's member signs again in the place of position quorum-1: quorum counted with one
    // signer twice
    sigs.put(quorum - 1, sigs.get(0));

    RollupError.Revert revert =
        refused(slot, withAttestations(payload, committee, sigs), RollupError.DUPLICATE_SIGNER);
    assertThat(revert.argument(0)).isEqualTo(BigInteger.valueOf(quorum - 1));
    assertThat(revert.argument(1)).isEqualTo(committee.get(0).toHex());
  }

  @Test
  void memberSigningInAnotherMembersPlace() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    int quorum = committee.quorum();
    Map<Integer, Signature> sigs =
        new TreeMap<>(f.attestations(payload, committee, RollupFixture.firstPositions(quorum)));
    int absent = committee.size() - 1;
    sigs.put(0, f.attest(payload, f.keyByAddress.get(committee.get(absent))));

    RollupError.Revert revert =
        refused(
            slot, withAttestations(payload, committee, sigs), RollupError.SIGNER_AT_WRONG_POSITION);
    assertThat(revert.argument(2)).isEqualTo(BigInteger.valueOf(absent));
  }

  @Test
  void attestationSignedForAnotherChainId() throws Exception {
    assertForeignDomainAttestationRefused(SigningDomain.of(client.chainId() + 1, f.rollupAddress));
  }

  @Test
  void attestationSignedForAnotherRollupAddress() throws Exception {
    assertForeignDomainAttestationRefused(
        SigningDomain.of(
            client.chainId(), EthAddress.fromHex("0x000000000000000000000000000000000000dead")));
  }

  private void assertForeignDomainAttestationRefused(SigningDomain foreign) throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    Map<Integer, Signature> sigs =
        new TreeMap<>(
            f.attestations(payload, committee, RollupFixture.firstPositions(committee.quorum())));
    SigningKey member = f.keyByAddress.get(committee.get(1));
    Signature foreignSig =
        new ProtocolSigner(foreign).sign(payload.as(MessageKind.CHECKPOINT_ATTESTATION), member);
    sigs.put(1, foreignSig);
    // Under this rollup's domain the foreign signature recovers to an unrelated address.
    EthAddress recoveredHere =
        f.signer
            .recoverSigner(payload.as(MessageKind.CHECKPOINT_ATTESTATION), foreignSig)
            .orElseThrow();
    assertThat(recoveredHere).isNotEqualTo(member.address());

    RollupError.Revert revert =
        refused(
            slot, withAttestations(payload, committee, sigs), RollupError.SIGNER_NOT_IN_COMMITTEE);
    assertThat(revert.argument(0)).isEqualTo(BigInteger.ONE);
    assertThat(revert.argument(1)).isEqualTo(recoveredHere.toHex());
  }

  @Test
  void proposalSignatureUsedAsAttestation() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    Map<Integer, Signature> sigs =
        new TreeMap<>(
            f.attestations(payload, committee, RollupFixture.firstPositions(committee.quorum())));
    sigs.put(0, f.propose(payload, f.keyByAddress.get(committee.get(0))));

    refused(slot, withAttestations(payload, committee, sigs), RollupError.SIGNER_NOT_IN_COMMITTEE);
  }

  @Test
  void highSSignatureIsRefused() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    ProposeCall call = f.certified(payload, List.of());
    byte[] sigs = call.signatures();
    int index = 3;
    Signature low =
        Signature.fromBytes(java.util.Arrays.copyOfRange(sigs, index * 65, index * 65 + 65));
    byte[] high = Numeric.toBytesPadded(Signature.CURVE_ORDER.subtract(low.s()), 32);
    System.arraycopy(high, 0, sigs, index * 65 + 32, 32);
    sigs[index * 65 + 64] = (byte) (low.v() == 27 ? 28 : 27);

    RollupError.Revert revert =
        refused(
            slot, call.withAttestations(call.signerBitmap(), sigs), RollupError.INVALID_SIGNATURE);
    assertThat(revert.argument(0)).isEqualTo(BigInteger.valueOf(index));
  }

  @Test
  void bitmapAndSignaturesMustAgree() throws Exception {
    long slot = 1;
    ProposeCall call = f.certified(f.payload(slot, GENESIS_ARCHIVE, List.of()), List.of());
    byte[] oneLess = java.util.Arrays.copyOf(call.signatures(), call.signatures().length - 65);
    refused(
        slot,
        call.withAttestations(call.signerBitmap(), oneLess),
        RollupError.SIGNATURES_LENGTH_MISMATCH);
    refused(
        slot,
        call.withAttestations(call.signerBitmap().setBit(TARGET), call.signatures()),
        RollupError.ATTESTATION_BITMAP_OUT_OF_RANGE);
  }

  // ---- refusals: proposer, committee --------------------------------------------------------

  @Test
  void wrongProposer() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Committee committee = f.committee(slot);
    EthAddress proposer = committee.proposerFor(SlotNumber.of(slot));
    SigningKey other =
        f.keyByAddress.get(
            committee.members().stream()
                .filter(a -> !a.equals(proposer))
                .findFirst()
                .orElseThrow());
    ProposeCall call =
        f.certified(payload, List.of()).withProposerSignature(f.propose(payload, other).toBytes());

    RollupError.Revert revert = refused(slot, call, RollupError.WRONG_PROPOSER);
    assertThat(revert.argument(0)).isEqualTo(proposer.toHex());
    assertThat(revert.argument(1)).isEqualTo(other.address().toHex());
  }

  @Test
  void proposerSignatureForAnotherChainId() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    Signature foreign =
        new ProtocolSigner(SigningDomain.of(client.chainId() + 1, f.rollupAddress))
            .sign(payload.as(MessageKind.CHECKPOINT_PROPOSAL), f.proposerKey(slot));
    ProposeCall call = f.certified(payload, List.of()).withProposerSignature(foreign.toBytes());

    RollupError.Revert revert = refused(slot, call, RollupError.WRONG_PROPOSER);
    assertThat(revert.argument(0)).isEqualTo(f.proposerKey(slot).address().toHex());
  }

  @Test
  void committeeThatIsNotTheEpochs() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    ProposeCall call = f.certified(payload, List.of());
    List<EthAddress> swapped = new ArrayList<>(call.committee());
    java.util.Collections.swap(swapped, 0, 1);
    ProposeCall forged =
        new ProposeCall(
            call.header(),
            call.archive(),
            call.txEffects(),
            call.blockHeaders(),
            swapped,
            call.signerBitmap(),
            call.signatures(),
            call.proposerSignature());

    RollupError.Revert revert = refused(slot, forged, RollupError.COMMITTEE_MISMATCH);
    assertThat(revert.argument(0)).isEqualTo(BigInteger.ZERO);
  }

  // ---- refusals: slot, chain, data ----------------------------------------------------------

  @Test
  void slotOtherThanTheCurrentOne() throws Exception {
    ProposeCall future = f.certified(f.payload(3, GENESIS_ARCHIVE, List.of()), List.of());
    RollupError.Revert revert = refused(2, future, RollupError.SLOT_NOT_CURRENT);
    assertThat(revert.argument(0)).isEqualTo(BigInteger.valueOf(3));
    assertThat(revert.argument(1)).isEqualTo(BigInteger.valueOf(2));

    ProposeCall past = f.certified(f.payload(2, GENESIS_ARCHIVE, List.of()), List.of());
    refused(4, past, RollupError.SLOT_NOT_CURRENT);
  }

  @Test
  void headerTimestampMustBeTheSlotStart() throws Exception {
    long slot = 1;
    CheckpointPayload good = f.payload(slot, GENESIS_ARCHIVE, List.of());
    CheckpointHeader h = good.header();
    CheckpointPayload shifted =
        new CheckpointPayload(
            new CheckpointHeader(
                h.lastArchiveRoot(),
                h.blockHeadersHash(),
                h.contentCommitment(),
                h.slotNumber(),
                h.timestamp() + 1,
                h.coinbase(),
                h.feeRecipient(),
                h.gasFees(),
                h.totalManaUsed()),
            good.archive());
    RollupError.Revert revert =
        refused(slot, f.certified(shifted, List.of()), RollupError.TIMESTAMP_MISMATCH);
    assertThat(revert.argument(0)).isEqualTo(BigInteger.valueOf(f.slotStart(slot)));
  }

  @Test
  void staleLastArchive() throws Exception {
    CheckpointPayload first = f.payload(1, GENESIS_ARCHIVE, List.of());
    f.enterSlot(1, 1);
    assertThat(client.propose(f.rollup, f.certified(first, List.of())).isStatusOK()).isTrue();

    ProposeCall onGenesis = f.certified(f.payload(2, GENESIS_ARCHIVE, List.of()), List.of());
    RollupError.Revert revert = refused(2, onGenesis, RollupError.LAST_ARCHIVE_MISMATCH);
    assertThat(revert.argument(0)).isEqualTo(first.archive().toBytes());
    assertThat(revert.argument(1)).isEqualTo(GENESIS_ARCHIVE.toBytes());
  }

  @Test
  void replayOfALandedCheckpoint() throws Exception {
    CheckpointPayload first = f.payload(1, GENESIS_ARCHIVE, List.of());
    ProposeCall call = f.certified(first, List.of());
    f.enterSlot(1, 1);
    assertThat(client.propose(f.rollup, call).isStatusOK()).isTrue();

    RollupError.Revert sameSlot =
        refusedAt(f.slotStart(1) + 5, call, RollupError.SLOT_ALREADY_PROPOSED);
    assertThat(sameSlot.argument(1)).isEqualTo(BigInteger.ONE);
    refused(2, call, RollupError.SLOT_NOT_CURRENT);
  }

  @Test
  void txEffectsThatDoNotMatchTheHeader() throws Exception {
    long slot = 1;
    List<TxEffect> effects = RollupFixture.effects(4, 3, 11);
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, effects);
    ProposeCall call = f.certified(payload, effects);
    List<TxEffect> tampered = new ArrayList<>(effects);
    TxEffect e = tampered.get(2);
    tampered.set(
        2,
        new TxEffect(
            e.txHash(),
            e.nullifier(),
            e.noteHash(),
            e.fee() + 1,
            e.manaUsed(),
            e.publicDataWrites()));

    RollupError.Revert revert =
        refused(
            slot,
            call.withTxEffects(ProposeCall.encodeEffects(tampered)),
            RollupError.TX_EFFECTS_MISMATCH);
    assertThat(revert.argument(0))
        .isEqualTo(payload.header().contentCommitment().blobsHash().toBytes());
    assertThat(revert.argument(1))
        .isEqualTo(FieldHash.hashList(tampered.stream().map(TxEffect::hash).toList()).toBytes());

    refused(
        slot,
        call.withTxEffects(ProposeCall.encodeEffects(effects.subList(0, 3))),
        RollupError.TX_EFFECTS_MISMATCH);
    byte[] truncated = java.util.Arrays.copyOf(call.txEffects(), call.txEffects().length - 1);
    refused(slot, call.withTxEffects(truncated), RollupError.MALFORMED_TX_EFFECTS);
  }

  @Test
  void blockHeadersThatDoNotMatchTheHeader() throws Exception {
    long slot = 1;
    CheckpointPayload payload = f.payload(slot, GENESIS_ARCHIVE, List.of());
    ProposeCall call = f.certified(payload, List.of());
    byte[] other =
        ProposeCall.encodeBlockHeaders(
            List.of(ProposeGasBenchmark.syntheticBlockHeader(slot + 1, f.slotStart(slot))));

    RollupError.Revert revert =
        refused(slot, call.withBlockHeaders(other), RollupError.BLOCK_HEADERS_MISMATCH);
    assertThat(revert.argument(0)).isEqualTo(payload.header().blockHeadersHash().toBytes());
    assertThat(revert.argument(1))
        .isEqualTo(
            FieldHash.hashList(
                    List.of(ProposeGasBenchmark.syntheticBlockHeader(slot + 1, f.slotStart(slot)))
                        .stream()
                        .map(BlockHeader::hash)
                        .toList())
                .toBytes());

    byte[] truncated = java.util.Arrays.copyOf(call.blockHeaders(), call.blockHeaders().length - 1);
    refused(slot, call.withBlockHeaders(truncated), RollupError.MALFORMED_BLOCK_HEADERS);
    refused(slot, call.withBlockHeaders(new byte[0]), RollupError.MALFORMED_BLOCK_HEADERS);
  }

  @Test
  void beforeGenesis() throws Exception {
    ProposeCall call = f.certified(f.payload(0, GENESIS_ARCHIVE, List.of()), List.of());
    RollupError.Revert revert = refusedAt(f.slotStart(0) - 10, call, RollupError.BEFORE_GENESIS);
    assertThat(revert.argument(1)).isEqualTo(BigInteger.valueOf(f.slotStart(0)));
  }

  @Test
  void slotZeroCanBeTheFirstCheckpoint() throws Exception {
    CheckpointPayload payload = f.payload(0, GENESIS_ARCHIVE, List.of());
    f.enterSlot(0, 0);
    assertThat(client.propose(f.rollup, f.certified(payload, List.of())).isStatusOK()).isTrue();
    assertThat(tip()).isEqualTo(new Tip(1, 0, payload.archive()));
  }

  @Test
  void malformedProposerSignature() throws Exception {
    ProposeCall call = f.certified(f.payload(1, GENESIS_ARCHIVE, List.of()), List.of());
    byte[] sig = call.proposerSignature();
    refused(
        1,
        call.withProposerSignature(java.util.Arrays.copyOf(sig, 64)),
        RollupError.INVALID_PROPOSER_SIGNATURE);
    sig[64] = 29;
    refused(1, call.withProposerSignature(sig), RollupError.INVALID_PROPOSER_SIGNATURE);
  }

  @Test
  void headerOfTheWrongLength() throws Exception {
    ProposeCall call = f.certified(f.payload(1, GENESIS_ARCHIVE, List.of()), List.of());
    refused(
        1,
        call.withHeader(java.util.Arrays.copyOf(call.header(), 239)),
        RollupError.HEADER_LENGTH_MISMATCH);
  }

  // ---- helpers ------------------------------------------------------------------------------

  record Tip(long checkpointNumber, long slot, Fr archive) {}

  private Tip tip() throws Exception {
    Tuple3<BigInteger, BigInteger, byte[]> t = f.rollup.tip().send();
    return new Tip(
        t.component1().longValueExact(),
        t.component2().longValueExact(),
        Fr.fromBytes(t.component3()));
  }

  private ProposeCall withAttestations(
      CheckpointPayload payload, Committee committee, Map<Integer, Signature> sigs) {
    long slot = payload.slotNumber().value();
    return ProposeCall.of(
        payload,
        f.blockHeaders(slot),
        List.of(),
        committee,
        sigs,
        f.propose(payload, f.proposerKey(slot)));
  }

  /** Sends {@code call} a few seconds into {@code slot} (after any earlier block) and expects {@code expected}. */
  private RollupError.Revert refused(long slot, ProposeCall call, RollupError expected)
      throws Exception {
    long at = Math.max(f.slotStart(slot) + 2, client.latestBlockTimestamp() + 1);
    return refusedAt(at, call, expected);
  }

  private RollupError.Revert refusedAt(long timestamp, ProposeCall call, RollupError expected)
      throws Exception {
    Tip before = tip();
    client.setNextBlockTimestamp(timestamp);
    TransactionReceipt receipt = client.propose(f.rollup, call);
    assertThat(receipt.isStatusOK()).as("propose must revert").isFalse();
    RollupError.Revert revert =
        client.rollupError(receipt).orElseThrow(() -> new AssertionError("no Rollup error"));
    assertThat(revert.error()).isEqualTo(expected);
    assertThat(tip()).isEqualTo(before);
    return revert;
  }

  private static byte[] attestationsHash(ProposeCall call) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Numeric.toBytesPadded(call.signerBitmap(), 32));
    out.writeBytes(call.signatures());
    out.writeBytes(call.proposerSignature());
    return Keccak.hash(out.toByteArray());
  }
}
