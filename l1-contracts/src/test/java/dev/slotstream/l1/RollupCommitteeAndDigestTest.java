package dev.slotstream.l1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.EpochSeed;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;

/**
 * The contract against the Java core: committees and proposers ({@link CommitteeSelector}), the
 * EIP-712 digests ({@code ProtocolSigner}), the tx-effects hash ({@code FieldHash}), and validator-set
 * changes taking effect {@code VALIDATOR_SET_LAG} epochs later.
 */
class RollupCommitteeAndDigestTest {
  private static final Fr GENESIS_ARCHIVE = Fr.of(99);

  /** Anvil's second dev account: not the deployer, so not the owner. */
  private static final String OTHER_KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  private static LocalAnvil anvil;
  private static L1Client client;

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

  @Test
  void committeesAndProposersMatchTheCoreForManyEpochsAndSlots() throws Exception {
    RollupFixture f = RollupFixture.deploy(client, 20, 7, GENESIS_ARCHIVE);
    for (long epoch = 0; epoch < 6; epoch++) {
      Committee expected =
          f.selector.select(f.validators, RollupFixture.BASE_SEED, EpochNumber.of(epoch));
      assertThat(addresses(f.rollup.getCommittee(BigInteger.valueOf(epoch)).send()))
          .as("committee of epoch %d", epoch)
          .isEqualTo(expected.members());
      assertThat(f.rollup.epochSeed(BigInteger.valueOf(epoch)).send())
          .isEqualTo(
              EpochSeed.derive(RollupFixture.BASE_SEED, EpochNumber.of(epoch)).value().toArray());
    }
    List<EthAddress> proposers = new ArrayList<>();
    for (long slot = 0; slot < 6 * RollupFixture.EPOCH_LENGTH; slot++) {
      EthAddress onChain =
          EthAddress.fromHex(f.rollup.getProposer(BigInteger.valueOf(slot)).send());
      assertThat(onChain)
          .as("proposer of slot %d", slot)
          .isEqualTo(f.committee(slot).proposerFor(SlotNumber.of(slot)));
      proposers.add(onChain);
    }
    assertThat(proposers.stream().distinct().count()).isGreaterThan(3);
    assertThat(f.rollup.quorum(BigInteger.valueOf(48)).send())
        .isEqualTo(BigInteger.valueOf(Committee.quorum(48)));
  }

  @Test
  void currentSlotCommitteeAndProposerFollowTheL1Clock() throws Exception {
    RollupFixture f = RollupFixture.deploy(client, 9, 5, GENESIS_ARCHIVE);
    for (long slot : new long[] {0, 5, 13}) {
      f.enterSlot(slot, RollupFixture.SLOT_DURATION - 1);
      f.client.mine();
      assertThat(f.rollup.currentSlot().send()).isEqualTo(BigInteger.valueOf(slot));
      assertThat(f.rollup.currentEpoch().send())
          .isEqualTo(BigInteger.valueOf(slot / RollupFixture.EPOCH_LENGTH));
      assertThat(addresses(f.rollup.getCurrentCommittee().send()))
          .isEqualTo(f.committee(slot).members());
      assertThat(EthAddress.fromHex(f.rollup.getCurrentProposer().send()))
          .isEqualTo(f.committee(slot).proposerFor(SlotNumber.of(slot)));
    }
  }

  @Test
  void protocolSection6Vector() throws Exception {
    List<EthAddress> v = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      v.add(EthAddress.fromHex(String.format("0x%040x", i)));
    }
    RollupConfig config =
        new RollupConfig(
            v,
            5,
            Bytes32.fromHex("0x" + "11".repeat(32)),
            client.latestBlockTimestamp() + 1_000,
            12,
            32,
            GENESIS_ARCHIVE);
    Rollup rollup = client.deployRollup(config);

    assertThat(rollup.epochSeed(BigInteger.valueOf(9)).send())
        .isEqualTo(
            Bytes32.fromHex("0xef7cb22f2dfd7733a3f2a30d2a5c86511f1dd51929266b062ead7a4cdcd0f08b")
                .toArray());
    assertThat(addresses(rollup.getCommittee(BigInteger.valueOf(9)).send()))
        .containsExactly(v.get(3), v.get(0), v.get(2), v.get(4), v.get(1));
    int[] expectedProposers = {5, 1, 1, 2, 4, 3, 1, 5};
    for (int i = 0; i < expectedProposers.length; i++) {
      assertThat(EthAddress.fromHex(rollup.getProposer(BigInteger.valueOf(288 + i)).send()))
          .isEqualTo(v.get(expectedProposers[i] - 1));
    }
  }

  @Test
  void committeeCommitmentIsKeccakOfTheCommitteeWords() throws Exception {
    RollupFixture f = RollupFixture.deploy(client, 10, 6, GENESIS_ARCHIVE);
    assertThat(f.rollup.committeeCommitment(BigInteger.ZERO).send()).isEqualTo(new byte[32]);
    TransactionReceipt receipt = f.rollup.setupEpoch(BigInteger.ZERO).send();
    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(f.rollup.committeeCommitment(BigInteger.ZERO).send())
        .isEqualTo(commitment(f.committee(0).members()));
    // Only the current and next epoch can be committed: later ones may still change.
    TransactionReceipt tooFar =
        client.send(
            f.rollup.getContractAddress(),
            f.rollup.setupEpoch(BigInteger.valueOf(2)).encodeFunctionCall());
    assertThat(tooFar.isStatusOK()).isFalse();
    assertThat(client.rollupError(tooFar).orElseThrow().error())
        .isEqualTo(RollupError.EPOCH_TOO_FAR_AHEAD);
  }

  @Test
  void digestsAndDomainAreTheCores() throws Exception {
    RollupFixture f = RollupFixture.deploy(client, 6, 4, GENESIS_ARCHIVE);
    assertThat(f.rollup.domainSeparator().send())
        .isEqualTo(SigningDomain.of(client.chainId(), f.rollupAddress).domainSeparator().toArray());
    for (int txs : new int[] {0, 1, 5}) {
      List<TxEffect> effects = RollupFixture.effects(txs, txs, 100 + txs);
      CheckpointPayload payload = f.payload(3 + txs, Fr.of(1234 + txs), effects);
      Tuple2<byte[], byte[]> digests =
          f.rollup.checkpointDigests(payload.header().encode(), payload.archive().toBytes()).send();
      assertThat(digests.component1())
          .isEqualTo(f.signer.digest(payload.as(MessageKind.CHECKPOINT_PROPOSAL)).toArray());
      assertThat(digests.component2())
          .isEqualTo(f.signer.digest(payload.as(MessageKind.CHECKPOINT_ATTESTATION)).toArray());
      assertThat(f.rollup.txEffectsHash(ProposeCall.encodeEffects(effects)).send())
          .isEqualTo(FieldHash.hashList(effects.stream().map(TxEffect::hash).toList()).toBytes())
          .isEqualTo(payload.header().contentCommitment().blobsHash().toBytes());
    }
  }

  @Test
  void validatorSetChangesApplyTwoEpochsLater() throws Exception {
    RollupFixture f = RollupFixture.deploy(client, 6, 4, GENESIS_ARCHIVE);
    assertThat(f.rollup.VALIDATOR_SET_LAG().send()).isEqualTo(BigInteger.TWO);
    // Move into epoch 1, then add one validator and remove another.
    f.enterSlot(RollupFixture.EPOCH_LENGTH + 1, 0);
    f.client.mine();
    assertThat(f.rollup.currentEpoch().send()).isEqualTo(BigInteger.ONE);
    SigningKey joiner = SigningKey.fromSeed("joiner");
    EthAddress leaver = f.validators.get(2);
    assertThat(f.rollup.addValidator(joiner.address().toHex()).send().isStatusOK()).isTrue();
    assertThat(f.rollup.removeValidator(leaver.toHex()).send().isStatusOK()).isTrue();

    List<EthAddress> after = new ArrayList<>(f.validators.members());
    after.remove(leaver);
    after.add(joiner.address());
    ValidatorSet newSet = ValidatorSet.of(after);
    for (long epoch = 0; epoch <= 2; epoch++) {
      assertThat(addresses(f.rollup.validatorsAt(BigInteger.valueOf(epoch)).send()))
          .isEqualTo(f.validators.members());
    }
    assertThat(addresses(f.rollup.validatorsAt(BigInteger.valueOf(3)).send())).isEqualTo(after);
    assertThat(addresses(f.rollup.getCommittee(BigInteger.valueOf(3)).send()))
        .isEqualTo(f.selector.select(newSet, RollupFixture.BASE_SEED, EpochNumber.of(3)).members());
    assertThat(addresses(f.rollup.getCommittee(BigInteger.valueOf(2)).send()))
        .isEqualTo(
            f.selector.select(f.validators, RollupFixture.BASE_SEED, EpochNumber.of(2)).members());

    try (L1Client other = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), OTHER_KEY)) {
      Rollup asOther = other.loadRollup(f.rollup.getContractAddress());
      TransactionReceipt receipt =
          other.send(
              asOther.getContractAddress(),
              asOther.addValidator(EthAddress.ZERO.toHex()).encodeFunctionCall());
      assertThat(receipt.isStatusOK()).isFalse();
      RollupError.Revert revert = other.rollupError(receipt).orElseThrow();
      assertThat(revert.error()).isEqualTo(RollupError.NOT_OWNER);
      assertThat(revert.argument(0)).isEqualTo(other.senderAddress());
    }
    TransactionReceipt duplicate =
        client.send(
            f.rollup.getContractAddress(),
            f.rollup.addValidator(joiner.address().toHex()).encodeFunctionCall());
    assertThat(client.rollupError(duplicate).orElseThrow().error())
        .isEqualTo(RollupError.DUPLICATE_VALIDATOR);
  }

  @SuppressWarnings("rawtypes")
  private static List<EthAddress> addresses(List raw) {
    List<EthAddress> out = new ArrayList<>();
    for (Object o : raw) {
      out.add(EthAddress.fromHex(o.toString()));
    }
    return out;
  }

  private static byte[] commitment(List<EthAddress> committee) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (EthAddress a : committee) {
      out.writeBytes(new byte[12]);
      out.writeBytes(a.toArray());
    }
    return Keccak.hash(out.toByteArray());
  }
}
