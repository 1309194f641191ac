package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slotstream.core.chain.ChainJournal;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.ChainTip;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.consensus.VerifiedQuorum;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.l1.L1PositionFile;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.ProposeCall;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import dev.slotstream.node.chain.L1FollowerRunner;
import dev.slotstream.validator.testing.GossipProbe;
import dev.slotstream.validator.testing.L1RpcRecorder;
import dev.slotstream.validator.testing.NodeUnderTest;
import dev.slotstream.validator.testing.TestNodeProperties;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Issue 7: a whole validator service restarted on its data dir, following a real Anvil with the
 * Rollup contract (no mock on the L1 path; the node reaches Anvil through {@link L1RpcRecorder}, a
 * pass-through that records what it asks). It follows two checkpoints from L1, stops (context
 * closed, and the journal left with a torn tail as a {@code kill -9} mid-append would), two more
 * land while it is down, and the new context on the same data dir
 *
 * <ul>
 *   <li>is back at checkpoint 2 from its chain journal before L1 has answered anything about
 *       checkpoints, with its sync gate closed;
 *   <li>asks L1 only for the blocks after its position record's (never from the deployment
 *       block again);
 *   <li>rebuilds checkpoints 3 and 4 from L1, reaches the producer's archive root, and only then
 *       opens its gate;
 *   <li>still answers {@code GET /api/v1/txs/{hash}} ON_L1, with its {@code propose} tx, for a tx
 *       final before the restart;
 *   <li>attests to the next slot.
 * </ul>
 */
class ValidatorRestartOnL1AnvilTest {
  private static final String PREFIX = "vs-l1-restart";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path signingRecord;
  @TempDir Path dataDir;

  private final SlotNumber first =
      SlotNumber.of(
          ValidatorContextTestBase.TIMETABLE.slotAt(Instant.now()).orElseThrow().value() + 3);
  private final MbpsHarness h = new MbpsHarness(first);
  private LocalAnvil anvil;
  private L1Client client;
  private Rollup rollup;
  private L1RpcRecorder l1;

  @BeforeEach
  void deploy() throws Exception {
    anvil = LocalAnvil.start();
    client = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    rollup =
        client.deployRollup(
            new RollupConfig(
                h.network.keys().stream().map(SigningKey::address).toList(),
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                TestNetwork.SEED,
                h.context.timetable().genesisTime().getEpochSecond(),
                h.context.timetable().slotDuration().getSeconds(),
                h.context.timetable().config().epochLength(),
                h.proposerChain.tip().archiveRoot()));
    assertThat(rollup.getContractAddress()).isEqualToIgnoringCase(TestNetwork.ROLLUP.toHex());
    l1 = new L1RpcRecorder(anvil.rpcUrl());
  }

  @AfterEach
  void stop() {
    if (l1 != null) {
      l1.close();
    }
    if (client != null) {
      client.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  private ConfigurableApplicationContext startNode(Instant clockStart) {
    Map<String, Object> properties =
        new HashMap<>(
            TestNodeProperties.of(PREFIX, "validator-l1-restart", signingRecord, clockStart));
    properties.put("server.port", "0");
    properties.put("slotstream.gossip.auto-offset-reset", "latest");
    properties.put("slotstream.chain.data-dir", dataDir.toString());
    properties.put("slotstream.l1.follow.enabled", "true");
    properties.put("slotstream.l1.follow.rpc-url", l1.rpcUrl());
    properties.put("slotstream.l1.follow.poll-interval", "100ms");
    properties.put("slotstream.l1.follow.max-backoff", "500ms");
    return TestNodeProperties.startValidator(properties);
  }

  @Test
  void aRestartedNodeResumesFromItsJournalAndL1RecordCatchesUpThenAttests() throws Exception {
    SlotNumber second = first.next();
    SlotNumber third = second.next();
    SlotNumber fourth = third.next();
    SlotNumber next = fourth.next();
    TransactionReceipt firstLanded = proposeAndLand(first);
    TxHash finalBeforeRestart = h.blocksOf(first).get(0).payload().txHashes().get(0);

    ChainTip before;
    TransactionReceipt secondLanded;
    try (GossipProbe probe = new GossipProbe(PREFIX).createTopics()) {
      try (ConfigurableApplicationContext ctx =
          startNode(h.context.timetable().slotStart(second).minusSeconds(1))) {
        L1FollowerRunner runner = ctx.getBean(L1FollowerRunner.class);
        ChainStore chain = ctx.getBean(ChainStore.class);
        await().atMost(NodeUnderTest.TIMEOUT).until(() -> runner.status().synced());
        assertThat(chain.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(1));
        // a node without a record scans from the deployment block
        assertThat(l1.logsFromBlocks()).first().isEqualTo(0L);

        secondLanded = proposeAndLand(second);
        await()
            .atMost(NodeUnderTest.TIMEOUT)
            .until(() -> runner.status().l1Tip().equals(CheckpointNumber.of(2)));
        before = chain.tip();
        assertThat(before.archiveRoot()).isEqualTo(h.proposerChain.tip().archiveRoot());
        assertThat(dataDir.resolve(L1PositionFile.FILE_NAME)).isRegularFile();
      }
      long journalSize = Files.size(dataDir.resolve(ChainJournal.FILE_NAME));
      tearJournalTail();

      // Down: two more checkpoints land on L1.
      proposeAndLand(third);
      proposeAndLand(fourth);
      Fr producerArchive = h.proposerChain.tip().archiveRoot();
      assertThat(Fr.fromBytes(rollup.tip().send().component3())).isEqualTo(producerArchive);

      l1.clear();
      l1.holdLogs();
      try (ConfigurableApplicationContext ctx =
          startNode(h.context.timetable().slotStart(next).minusSeconds(1))) {
        ChainStore chain = ctx.getBean(ChainStore.class);
        SyncGate gate = ctx.getBean(SyncGate.class);
        L1FollowerRunner runner = ctx.getBean(L1FollowerRunner.class);
        await().atMost(NodeUnderTest.TIMEOUT).until(() -> !l1.logsFromBlocks().isEmpty());

        // Before L1 said anything about checkpoints: back at checkpoint 2 from the journal (its
        // torn tail dropped), gate closed, asking only after the recorded L1 block.
        assertThat(chain.tip()).isEqualTo(before);
        assertThat(Files.size(dataDir.resolve(ChainJournal.FILE_NAME))).isEqualTo(journalSize);
        assertThat(gate.holdBack(SyncGate.Duty.ATTEST, next)).isPresent();
        assertThat(runner.status().synced()).isFalse();
        long recorded = secondLanded.getBlockNumber().longValueExact();
        assertThat(l1.logsFromBlocks()).containsExactly(recorded + 1);

        l1.releaseLogs();
        await()
            .atMost(NodeUnderTest.TIMEOUT)
            .until(() -> gate.holdBack(SyncGate.Duty.ATTEST, next).isEmpty());
        assertThat(chain.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(4));
        assertThat(chain.tip().archiveRoot()).isEqualTo(producerArchive);
        assertThat(chain.worldState().latest().stateReference())
            .isEqualTo(h.proposerChain.worldState().latest().stateReference());
        assertThat(l1.logsFromBlocks())
            .allSatisfy(from -> assertThat(from).isGreaterThan(recorded));

        // A tx final (and on L1) before the restart: still ON_L1 here, with its propose tx.
        JsonNode tx = txStatus(ctx, finalBeforeRestart);
        assertThat(tx.path("status").asText()).isEqualTo("ON_L1");
        assertThat(tx.path("checkpoint").asLong()).isEqualTo(1);
        assertThat(tx.path("slot").asLong()).isEqualTo(first.value());
        assertThat(tx.path("l1TxHash").asText())
            .isEqualToIgnoringCase(firstLanded.getTransactionHash());
        assertThat(tx.path("l1Block").asLong())
            .isEqualTo(firstLanded.getBlockNumber().longValueExact());

        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        h.scheduler.advanceTo(h.context.timetable().slotStart(next).minusMillis(100));
        assertThat(h.proposeSlot(next, 1, true).status()).isEqualTo(ProposalStatus.PROPOSED);
        assertThat(h.checkpointOf(next).payload().header().lastArchiveRoot())
            .isEqualTo(producerArchive);
        probe.publishSlot(node, h, next);
        assertThat(node.awaitOutcome(next).status()).isEqualTo(AttestationStatus.ATTESTED);
      }
    }
  }

  /** What a {@code kill -9} in the middle of appending the next entry leaves. */
  private void tearJournalTail() throws IOException {
    ByteBuffer torn = ByteBuffer.allocate(8 + 20).putInt(4096).putInt(0x12345678);
    Files.write(dataDir.resolve(ChainJournal.FILE_NAME), torn.array(), StandardOpenOption.APPEND);
  }

  /** The harness's proposer runs {@code slot}, the network certifies it, and it lands in its slot. */
  private TransactionReceipt proposeAndLand(SlotNumber slot) throws Exception {
    h.scheduler.advanceTo(h.context.timetable().slotStart(slot).minusMillis(100));
    assertThat(h.proposeSlot(slot, 1, true).status()).isEqualTo(ProposalStatus.PROPOSED);
    VerifiedQuorum quorum = h.network.certify(h.checkpointOf(slot).payload());
    assertThat(h.proposerChain.onQuorum(quorum)).isEqualTo(ChainStore.CommitOutcome.COMMITTED);
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
    return receipt;
  }

  private static JsonNode txStatus(ConfigurableApplicationContext ctx, TxHash hash)
      throws Exception {
    String port = ctx.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/txs/" + hash))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
