package dev.slotstream.l1.follow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.VerifiedQuorum;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.l1.L1Follower;
import dev.slotstream.core.l1.L1Sync;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.MbpsHarness.ValidatorNode;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.core.validator.ExecutionMode;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.ProposeCall;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Issue 7 §5 on a real Anvil: a validator node that missed three checkpoints catches up from L1
 * (the Rollup's calldata, through {@link RollupL1Source}), does not sign while it is still syncing,
 * and then attests to the next slot's checkpoint; its attestation, with the network's others, is a
 * quorum that L1 accepts.
 */
class CatchUpThenAttestAnvilTest {
  private final MbpsHarness h = new MbpsHarness();
  private final L1Sync sync = new L1Sync(h.scheduler.clock(), Duration.ofSeconds(30), 4);
  private LocalAnvil anvil;
  private L1Client client;
  private Rollup rollup;

  @BeforeEach
  void deploy() throws Exception {
    // L1 starts just before the harness's genesis, so its slots are current on L1.
    long genesis = h.context.timetable().genesisTime().getEpochSecond();
    anvil =
        LocalAnvil.start(
            new LocalAnvil.Options(
                LocalAnvil.DEFAULT_CHAIN_ID,
                LocalAnvil.DEFAULT_HARDFORK,
                List.of("--timestamp", Long.toString(genesis - 100)),
                Duration.ofSeconds(30)));
    client = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    rollup =
        client.deployRollup(
            new RollupConfig(
                h.network.keys().stream().map(SigningKey::address).toList(),
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                TestNetwork.SEED,
                genesis,
                h.context.timetable().slotDuration().getSeconds(),
                h.context.timetable().config().epochLength(),
                h.proposerChain.tip().archiveRoot()));
    assertThat(rollup.getContractAddress()).isEqualToIgnoringCase(TestNetwork.ROLLUP.toHex());
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void aNodeThatMissedThreeCheckpointsCatchesUpFromL1AndThenAttests() throws Exception {
    SlotNumber first = MbpsHarness.SLOT;
    for (int i = 0; i < 3; i++) {
      SlotNumber slot = SlotNumber.of(first.value() + i);
      proposeInSlot(slot);
      land(slot, h.network.certify(h.checkpointOf(slot).payload()));
    }
    ValidatorNode node =
        h
        .new ValidatorNode(
            List.of(h.network.keys().get(0)),
            new InMemorySlashingProtector(),
            ExecutionMode.PIPELINED,
            sync);
    L1Follower follower =
        new L1Follower(
            new RollupL1Source(client.web3j(), TestNetwork.ROLLUP, 0, 1_000),
            node.chain,
            new QuorumValidator(h.context),
            h.context.timetable(),
            0,
            txs -> {},
            sync);

    // The fourth slot's proposals reach the node before it has followed L1 at all.
    SlotNumber catchingUp = SlotNumber.of(first.value() + 3);
    proposeInSlot(catchingUp);
    deliver(node, catchingUp);
    assertThat(sync.inSync()).isFalse();
    assertThat(node.outcomes).isEmpty();

    L1Follower.Status status = follower.poll();

    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(3));
    assertThat(node.chain.tip().archiveRoot()).isEqualTo(tipArchiveOnL1());
    assertThat(node.chain.worldState().latest().stateReference())
        .isEqualTo(
            h.proposerChain.worldState().at(node.chain.tip().blockNumber()).stateReference());
    assertThat(node.outcome(catchingUp).status()).isEqualTo(AttestationStatus.SYNCING);
    assertThat(node.published).isEmpty();

    land(catchingUp, h.network.certify(h.checkpointOf(catchingUp).payload()));
    follower.poll();
    assertThat(node.chain.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(4));

    SlotNumber next = catchingUp.next();
    proposeInSlot(next);
    follower.poll();
    assertThat(sync.inSync()).isTrue();
    deliver(node, next);

    assertThat(node.outcome(next).status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(node.published).hasSize(1);
    CheckpointAttestation attestation = node.published.get(0);
    assertThat(attestation.payload()).isEqualTo(h.checkpointOf(next).payload());
    assertThat(h.context.signer().recoverAttester(attestation))
        .contains(h.network.keys().get(0).address());

    // Its attestation counts: with two other members' it is a quorum, and L1 takes it.
    List<CheckpointAttestation> quorum = new ArrayList<>(node.published);
    for (int k = 1; k <= 2; k++) {
      quorum.add(attestation(h.network.keys().get(k), next));
    }
    VerifiedQuorum verified =
        new QuorumValidator(h.context).validateLanded(h.quorum(quorum)).verified().orElseThrow();
    assertThat(verified.signers()).contains(h.network.keys().get(0).address());
    land(next, verified);
    assertThat(tipArchiveOnL1()).isEqualTo(h.checkpointOf(next).payload().archive());
  }

  /** Another committee member's attestation to the proposed checkpoint of {@code slot}. */
  private CheckpointAttestation attestation(SigningKey key, SlotNumber slot) {
    var payload = h.checkpointOf(slot).payload();
    return new CheckpointAttestation(
        payload,
        h.context.signer().sign(payload.as(MessageKind.CHECKPOINT_ATTESTATION), key),
        h.checkpointOf(slot).signature());
  }

  /** The harness's proposer runs {@code slot} on its chain (the network's view). */
  private void proposeInSlot(SlotNumber slot) {
    h.scheduler.advanceTo(h.context.timetable().slotStart(slot).minusMillis(100));
    h.proposeSlot(slot, 1, true);
  }

  private void deliver(ValidatorNode node, SlotNumber slot) {
    for (BlockProposal b : h.blocksOf(slot)) {
      assertThat(node.client.onBlockProposal(b).isValid()).isTrue();
    }
    assertThat(node.client.onCheckpointProposal(h.checkpointOf(slot)).isValid()).isTrue();
  }

  /** The network makes {@code slot} final and posts it one second into its slot. */
  private void land(SlotNumber slot, VerifiedQuorum quorum) throws Exception {
    if (!h.proposerChain.tip().slot().map(slot::equals).orElse(false)) {
      assertThat(h.proposerChain.onQuorum(quorum)).isEqualTo(ChainStore.CommitOutcome.COMMITTED);
    }
    Checkpoint c =
        h.proposerChain
            .committed(h.proposerChain.tip().checkpointNumber())
            .orElseThrow()
            .checkpoint();
    client.setNextBlockTimestamp(h.context.timetable().slotStart(slot).getEpochSecond() + 1);
    TransactionReceipt receipt =
        client.propose(
            rollup, ProposeCall.of(quorum, c, h.context.epochCache().committeeFor(slot)));
    assertThat(receipt.isStatusOK()).as("%s", client.rollupError(receipt)).isTrue();
  }

  private Fr tipArchiveOnL1() throws Exception {
    return Fr.fromBytes(rollup.tip().send().component3());
  }
}
