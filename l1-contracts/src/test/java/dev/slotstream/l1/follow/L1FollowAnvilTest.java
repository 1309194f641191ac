package dev.slotstream.l1.follow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.chain.ChainJournal;
import dev.slotstream.core.chain.ChainRestore;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.l1.L1BlockRef;
import dev.slotstream.core.l1.L1Checkpoint;
import dev.slotstream.core.l1.L1CheckpointSource;
import dev.slotstream.core.l1.L1Follower;
import dev.slotstream.core.l1.L1PositionFile;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.ProposeCall;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Nodes follow a real Rollup on a real Anvil: checkpoints built and certified by the core land
 * through {@code propose}, and {@link L1Follower} with {@link RollupL1Source} rebuilds them from
 * the calldata alone, rolls back on a reorg (evm_snapshot/evm_revert) and prunes a checkpoint that
 * missed its L1 slot.
 */
class L1FollowAnvilTest {
  private static final SigningKey ALICE = SigningKey.fromSeed("alice");
  private static final EthAddress RECIPIENT = SigningKey.fromSeed("recipient").address();

  private LocalAnvil anvil;
  private L1Client client;
  private TestNetwork network;
  private Rollup rollup;
  private RollupL1Source source;
  private final ChainStore producer = genesisChain();

  @BeforeEach
  void deploy() throws Exception {
    anvil = LocalAnvil.start();
    client = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    long genesis = client.latestBlockTimestamp() + 100;
    TimetableConfig timetable = TimetableConfig.devnet(Instant.ofEpochSecond(genesis));
    network = new TestNetwork(4, timetable);
    rollup =
        client.deployRollup(
            new RollupConfig(
                network.keys().stream().map(SigningKey::address).toList(),
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                TestNetwork.SEED,
                genesis,
                timetable.slotDuration().getSeconds(),
                timetable.epochLength(),
                producer.tip().archiveRoot()));
    // TestNetwork's signing domain names the address of a fresh Anvil's first contract.
    assertThat(rollup.getContractAddress()).isEqualToIgnoringCase(TestNetwork.ROLLUP.toHex());
    source = new RollupL1Source(client.web3j(), TestNetwork.ROLLUP, 0, 1_000);
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
  void aWipedNodeRebuildsFromL1AloneAndANodeThatMissedThreeCheckpointsCatchesUp() throws Exception {
    land(build(1, 0));
    land(build(2, 1));
    land(build(3, 2));

    ChainStore wiped = genesisChain();
    L1Follower follower = follower(wiped, new ArrayList<>());
    L1Follower.Status status = follower.poll();

    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(3));
    assertThat(wiped.tip()).isEqualTo(producer.tip());
    assertThat(wiped.worldState().latest().stateReference())
        .isEqualTo(producer.worldState().latest().stateReference());
    assertThat(wiped.tip().archiveRoot()).isEqualTo(tipArchiveOnL1());

    land(build(4, 3));
    follower.poll();
    assertThat(wiped.tip()).isEqualTo(producer.tip());
  }

  @Test
  void aRestartedNodeAsksL1OnlyForBlocksAfterItsRecordedPositionUnlessL1ReorgedWhileItWasDown(
      @TempDir Path dataDir) throws Exception {
    land(build(1, 0));
    land(build(2, 1));
    String beforeThird = client.snapshot();
    TransactionReceipt third = land(build(3, 2));
    long thirdBlock = third.getBlockNumber().longValueExact();
    Restarted first = restart(dataDir);
    first.follower().poll();
    assertThat(first.chain().tip()).isEqualTo(producer.tip());
    assertThat(first.asked()).containsExactly(0L);
    first.journal().close();

    land(build(4, 3));
    Restarted second = restart(dataDir);
    L1Follower.Status status = second.follower().poll();

    assertThat(second.asked()).containsExactly(thirdBlock + 1);
    assertThat(status.scannedToL1Block()).isEqualTo(source.confirmedHead().number());
    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(4));
    assertThat(second.chain().tip()).isEqualTo(producer.tip());
    second.journal().close();

    // L1 loses checkpoints 3 and 4 while the node is down: it scans from deployment again
    client.revert(beforeThird);
    client.setNextBlockTimestamp(network.slotStart(SlotNumber.of(6)).getEpochSecond());
    client.mine();
    client.mine(); // L1 is as high as before, with other blocks where 3 and 4 were
    Restarted afterReorg = restart(dataDir);
    status = afterReorg.follower().poll();

    assertThat(afterReorg.asked()).containsExactly(0L);
    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(2));
    assertThat(afterReorg.chain().tip().archiveRoot()).isEqualTo(tipArchiveOnL1());
    afterReorg.journal().close();
  }

  /** A node started on {@code dataDir}, and the first L1 block of each range it asked L1 for. */
  private record Restarted(
      ChainStore chain, L1Follower follower, ChainJournal journal, List<Long> asked) {}

  private Restarted restart(Path dataDir) {
    ChainStore chain = genesisChain();
    ChainJournal journal = ChainJournal.open(dataDir);
    ChainRestore.restore(chain, journal, new QuorumValidator(network.context()));
    List<Long> asked = new ArrayList<>();
    L1CheckpointSource recording =
        new L1CheckpointSource() {
          @Override
          public L1BlockRef confirmedHead() {
            return source.confirmedHead();
          }

          @Override
          public Optional<L1BlockRef> block(long number) {
            return source.block(number);
          }

          @Override
          public List<L1Checkpoint> checkpoints(long fromBlock, long toBlock) {
            asked.add(fromBlock);
            return source.checkpoints(fromBlock, toBlock);
          }
        };
    L1Follower follower =
        new L1Follower(
                recording,
                chain,
                new QuorumValidator(network.context()),
                network.context().timetable(),
                0,
                txs -> {})
            .keepPositionIn(new L1PositionFile(dataDir, "test"));
    return new Restarted(chain, follower, journal, asked);
  }

  @Test
  void anL1ReorgThatDropsACheckpointRollsTheNodeBack() throws Exception {
    land(build(1, 0));
    String beforeSecond = client.snapshot();
    land(build(2, 1));
    ChainStore node = genesisChain();
    L1Follower follower = follower(node, new ArrayList<>());
    follower.poll();
    assertThat(node.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(2));

    client.revert(beforeSecond);
    L1Follower.Status status = follower.poll();

    assertThat(status.rolledBack()).isEqualTo(1);
    assertThat(node.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(1));
    assertThat(node.tip().archiveRoot()).isEqualTo(tipArchiveOnL1());

    // the chain continues on L1 from checkpoint 1 and the node follows it
    producer.rollbackTo(CheckpointNumber.of(1));
    land(build(4, 1));
    follower.poll();
    assertThat(node.tip()).isEqualTo(producer.tip());
  }

  @Test
  void aCheckpointThatMissedL1IsPrunedAndTheNextOneLands() throws Exception {
    // the producing node's tx lifecycle, fed by its commits and its follower
    TxLifecycle lifecycle = new TxLifecycle(100, Clock.systemUTC(), true);
    producer.onCommit(c -> lifecycle.committed(c, Instant.now()));
    Checkpoint first = build(1, 0);
    TransactionReceipt firstOnL1 = land(first);
    Checkpoint missed = build(2, 1); // final by gossip, never sent to L1
    List<Tx> back = new ArrayList<>();
    L1Follower follower = follower(producer, back);
    follower.addListener(lifecycle.l1Listener());
    follower.poll();
    assertThat(producer.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(2));
    TxStatus landed = lifecycle.status(first.blocks().get(0).txs().get(0).hash()).orElseThrow();
    assertThat(landed.stage()).isEqualTo(TxStage.ON_L1);
    assertThat(landed.l1().orElseThrow().l1TxHash().toString())
        .isEqualToIgnoringCase(firstOnL1.getTransactionHash());
    assertThat(landed.l1().orElseThrow().l1Block())
        .isEqualTo(firstOnL1.getBlockNumber().longValueExact());
    TxHash missedTx = missed.blocks().get(0).txs().get(0).hash();
    assertThat(lifecycle.status(missedTx).orElseThrow().stage()).isEqualTo(TxStage.CHECKPOINTED);

    client.setNextBlockTimestamp(network.slotStart(SlotNumber.of(3)).getEpochSecond());
    client.mine();
    L1Follower.Status status = follower.poll();

    assertThat(status.pruned()).isEqualTo(1);
    assertThat(producer.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(1));
    assertThat(back).containsExactlyElementsOf(missed.blocks().get(0).txs());
    assertThat(lifecycle.status(missedTx).orElseThrow().stage()).isEqualTo(TxStage.PENDING);
    assertThat(lifecycle.status(missedTx).orElseThrow().reason().orElseThrow())
        .startsWith("PRUNED: checkpoint 2 of slot 2");
    TransactionReceipt receipt = land(build(3, 1));
    assertThat(receipt.isStatusOK()).isTrue();
    follower.poll();
    assertThat(follower.l1Tip()).isEqualTo(CheckpointNumber.of(2));
    assertThat(producer.tip().archiveRoot()).isEqualTo(tipArchiveOnL1());
  }

  private L1Follower follower(ChainStore chain, List<Tx> back) {
    return new L1Follower(
        source,
        chain,
        new QuorumValidator(network.context()),
        network.context().timetable(),
        0,
        back::addAll);
  }

  private static ChainStore genesisChain() {
    return new ChainStore(
        WorldState.genesis(
            TestNetwork.CHAIN_ID, TestNetwork.VERSION, Map.of(ALICE.address(), 1_000_000L)));
  }

  /** Builds a checkpoint of {@code slot} with Alice's transfer {@code nonce} and makes it final. */
  private Checkpoint build(long slot, long nonce) {
    SlotNumber slotNumber = SlotNumber.of(slot);
    Tx tx =
        network
            .context()
            .signer()
            .signTx(
                new TxPayload(
                    TestNetwork.CHAIN_ID,
                    ALICE.address(),
                    nonce,
                    1,
                    List.of(new Transfer(RECIPIENT, 5)),
                    List.of()),
                ALICE);
    WorldStateFork fork = producer.worldState().fork(producer.tip().blockNumber());
    CheckpointBuilder builder =
        new CheckpointsBuilder(
                new TxValidator(TestNetwork.CHAIN_ID, network.context().signer()::recoverTxSender))
            .startCheckpoint(
                producer.nextCheckpointNumber(),
                new CheckpointGlobals(
                    TestNetwork.CHAIN_ID,
                    TestNetwork.VERSION,
                    slotNumber,
                    network.slotStart(slotNumber).getEpochSecond(),
                    RECIPIENT,
                    RECIPIENT,
                    GasFees.ZERO),
                List.of(),
                fork);
    builder.buildBlock(List.of(tx), builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL);
    builder.buildBlock(List.of(), builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL);
    Checkpoint c = builder.complete();
    producer.offer(c, builder.fork());
    assertThat(producer.onQuorum(network.certify(c.payload())))
        .isEqualTo(ChainStore.CommitOutcome.COMMITTED);
    return c;
  }

  /** Posts the checkpoint in its slot, one second in, as the publisher would. */
  private TransactionReceipt land(Checkpoint c) throws Exception {
    SlotNumber slot = c.header().slotNumber();
    Committee committee = network.context().epochCache().committeeFor(slot);
    client.setNextBlockTimestamp(network.slotStart(slot).getEpochSecond() + 1);
    TransactionReceipt receipt =
        client.propose(rollup, ProposeCall.of(network.certify(c.payload()), c, committee));
    assertThat(receipt.isStatusOK()).as("%s", client.rollupError(receipt)).isTrue();
    return receipt;
  }

  private dev.slotstream.core.types.Fr tipArchiveOnL1() throws Exception {
    return dev.slotstream.core.types.Fr.fromBytes(rollup.tip().send().component3());
  }
}
