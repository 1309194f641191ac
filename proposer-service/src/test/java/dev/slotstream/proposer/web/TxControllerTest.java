package dev.slotstream.proposer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.pool.TxAdmission;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReason;
import dev.slotstream.node.chain.TxGossipListener;
import dev.slotstream.proposer.tx.TxGossip;
import dev.slotstream.proposer.tx.TxSubmissionService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The tx API's web slice over the real admission path (decoder, tx rules, pool, chain state); only
 * the tx topic is replaced, by a recording {@link TxGossip} that can be made to fail.
 */
@WebMvcTest({TxController.class, BatchTxController.class})
@Import(TxControllerTest.Fixture.class)
class TxControllerTest {
  private static final TestNetwork NETWORK = new TestNetwork(4);
  private static final RollupContext CONTEXT = NETWORK.context();
  private static final EthAddress RECIPIENT = SigningKey.fromSeed("recipient").address();

  /** Its nonce 0 is final on the fixture's chain: its next nonce is 1. */
  private static final SigningKey SPENT = SigningKey.fromSeed("spent-user");

  private static final long FEE = 50_000;
  private static final int MAX_TX_BYTES = 400;
  private static final int MAX_TXS_PER_SENDER = 2;

  private static final AtomicInteger USERS = new AtomicInteger();

  @Autowired MockMvc http;
  @Autowired TxPool pool;
  @Autowired RecordingGossip gossip;
  @Autowired TxGossipListener txTopic;

  @BeforeEach
  void gossipWorks() {
    gossip.failing.set(false);
  }

  @TestConfiguration
  static class Fixture {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    TxPool txPool() {
      return new TxPool(
          new TxPoolConfig(100, MAX_TXS_PER_SENDER, TxPoolConfig.DEFAULT_REPLACEMENT_BUMP_PERCENT));
    }

    @Bean
    RecordingGossip recordingGossip() {
      return new RecordingGossip();
    }

    @Bean
    TxAdmission txAdmission(TxPool pool) {
      TxValidator validator =
          new TxValidator(TestNetwork.CHAIN_ID, CONTEXT.signer()::recoverTxSender, 0, MAX_TX_BYTES);
      ChainStore chain = chainWithSpentNonce(validator);
      return new TxAdmission(validator, new GasFees(0, 1), pool, () -> chain.worldState().latest());
    }

    @Bean
    TxSubmissionService txSubmissionService(
        TxAdmission admission, RecordingGossip gossip, MeterRegistry registry) {
      return new TxSubmissionService(admission, gossip, Duration.ofSeconds(1), registry);
    }

    /** The tx topic's entry to the same pool, as node-chain wires it (its admit() alone is used). */
    @Bean
    TxGossipListener txGossipListener(TxAdmission admission, MeterRegistry registry) {
      return new TxGossipListener(
          admission,
          registry,
          new TxLifecycle(1, Clock.systemUTC()),
          (record, e) -> {
            throw new AssertionError("no record is consumed in this test", e);
          });
    }

    /** A chain whose first checkpoint, final, holds SPENT's nonce-0 tx. */
    private static ChainStore chainWithSpentNonce(TxValidator validator) {
      ChainStore chain =
          new ChainStore(
              WorldState.genesis(
                  TestNetwork.CHAIN_ID, TestNetwork.VERSION, Map.of(SPENT.address(), 1_000_000L)));
      CheckpointBuilder builder =
          new CheckpointsBuilder(validator)
              .startCheckpoint(
                  chain.nextCheckpointNumber(),
                  new CheckpointGlobals(
                      TestNetwork.CHAIN_ID,
                      TestNetwork.VERSION,
                      SlotNumber.of(1),
                      NETWORK.slotStart(SlotNumber.of(1)).getEpochSecond(),
                      RECIPIENT,
                      RECIPIENT,
                      GasFees.ZERO),
                  List.of(),
                  chain.worldState().fork(chain.tip().blockNumber()));
      builder.buildBlock(
          List.of(transfer(SPENT, 0, FEE)), builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL);
      Checkpoint checkpoint = builder.complete();
      chain.offer(checkpoint, builder.fork());
      assertThat(chain.onQuorum(NETWORK.certify(checkpoint.payload())))
          .isEqualTo(ChainStore.CommitOutcome.COMMITTED);
      return chain;
    }
  }

  static class RecordingGossip implements TxGossip {
    final List<Tx> published = new CopyOnWriteArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public CompletableFuture<?> publish(Tx tx) {
      if (failing.get()) {
        return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
      }
      published.add(tx);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static SigningKey newUser() {
    return SigningKey.fromSeed("tx-api-user-" + USERS.incrementAndGet());
  }

  private static Tx transfer(SigningKey from, long nonce, long fee) {
    return CONTEXT
        .signer()
        .signTx(
            new TxPayload(
                TestNetwork.CHAIN_ID,
                from.address(),
                nonce,
                fee,
                List.of(new Transfer(RECIPIENT, 5)),
                List.of()),
            from);
  }

  private ResultActions postJson(String json) throws Exception {
    return http.perform(post("/api/v1/txs").contentType(MediaType.APPLICATION_JSON).content(json));
  }

  private ResultActions postTx(Tx tx) throws Exception {
    return postJson("{\"tx\":\"" + Hex.encode(tx.encode()) + "\"}");
  }

  @Test
  void shouldAddAValidTxAndPublishIt() throws Exception {
    Tx tx = transfer(newUser(), 0, FEE);

    postTx(tx)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.txHash").value(tx.hash().toString()))
        .andExpect(jsonPath("$.status").value("ADDED"));

    assertThat(pool.contains(tx.hash())).isTrue();
    assertThat(gossip.published).contains(tx);
  }

  @Test
  void shouldAcceptRawBytes() throws Exception {
    Tx tx = transfer(newUser(), 0, FEE);

    http.perform(
            post("/api/v1/txs")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content(tx.encode()))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("ADDED"));

    assertThat(pool.contains(tx.hash())).isTrue();
  }

  @Test
  void shouldAnswerDuplicateWith200AndNotRepublishIt() throws Exception {
    Tx tx = transfer(newUser(), 0, FEE);
    postTx(tx).andExpect(status().isAccepted());
    int published = gossip.published.size();

    postTx(tx).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DUPLICATE"));

    assertThat(gossip.published).hasSize(published);
  }

  @Test
  void shouldReportAReplacementAndTheTxItDisplaced() throws Exception {
    SigningKey user = newUser();
    Tx first = transfer(user, 0, 100_000);
    Tx bumped = transfer(user, 0, 200_000);
    postTx(first).andExpect(status().isAccepted());

    postTx(bumped)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("REPLACED"))
        .andExpect(jsonPath("$.displacedTxHash").value(first.hash().toString()));
  }

  @Test
  void shouldRejectAMissingTxFieldNamingIt() throws Exception {
    postJson("{}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("tx"))
        .andExpect(jsonPath("$.errors[*].field", hasItem("tx")));
  }

  @Test
  void shouldRejectANonHexTxNamingTheField() throws Exception {
    postJson("{\"tx\":\"0xnothex\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("tx"));
  }

  @Test
  void shouldRejectAnOddLengthHexTx() throws Exception {
    postJson("{\"tx\":\"0xabc\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("tx"));
  }

  @Test
  void shouldRejectABodyThatIsNotJson() throws Exception {
    postJson("{\"tx\": ")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("body"));
  }

  @Test
  void shouldRejectBytesThatAreNotATxNamingTheBadField() throws Exception {
    byte[] truncated = java.util.Arrays.copyOf(transfer(newUser(), 0, FEE).encode(), 40);

    postJson("{\"tx\":\"" + Hex.encode(truncated) + "\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.title").value("Malformed tx"))
        .andExpect(jsonPath("$.field", startsWith("tx.")));
  }

  @Test
  void shouldRejectRawBytesThatAreNotATx() throws Exception {
    http.perform(
            post("/api/v1/txs")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content(new byte[] {1, 2, 3}))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://slotstream.dev/problems/malformed-tx"))
        .andExpect(jsonPath("$.field").isNotEmpty());
  }

  @Test
  void shouldRejectABadSignatureWith422() throws Exception {
    SigningKey user = newUser();
    Tx honest = transfer(user, 0, FEE);
    Tx forged = new Tx(honest.payload(), transfer(newUser(), 0, FEE).signature());

    postTx(forged)
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.reason").value("BAD_SIGNATURE"))
        .andExpect(jsonPath("$.txHash").value(forged.hash().toString()))
        .andExpect(jsonPath("$.detail").isNotEmpty());
    assertThat(pool.contains(forged.hash())).isFalse();
  }

  @Test
  void shouldRejectAnotherChainsTxWith422() throws Exception {
    SigningKey user = newUser();
    TxPayload payload =
        new TxPayload(1, user.address(), 0, FEE, List.of(new Transfer(RECIPIENT, 5)), List.of());
    Tx foreign = new Tx(payload, CONTEXT.signer().sign(payload, user));

    postTx(foreign)
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.reason").value("WRONG_CHAIN"));
  }

  @Test
  void shouldRejectAnAlreadyUsedNonceWith422() throws Exception {
    postTx(transfer(SPENT, 0, FEE + 1))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.reason").value("NONCE_TOO_LOW"));
  }

  @Test
  void shouldRejectAnOversizedTxWith422() throws Exception {
    SigningKey user = newUser();
    List<Transfer> transfers =
        java.util.stream.IntStream.range(0, 20).mapToObj(i -> new Transfer(RECIPIENT, 1)).toList();
    Tx big =
        CONTEXT
            .signer()
            .signTx(
                new TxPayload(TestNetwork.CHAIN_ID, user.address(), 0, FEE, transfers, List.of()),
                user);
    assertThat(big.encode().length).isGreaterThan(MAX_TX_BYTES);

    postTx(big)
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.reason").value("TOO_LARGE"));
  }

  @Test
  void shouldRejectAFeeBelowTheGasPriceWith422() throws Exception {
    postTx(transfer(newUser(), 0, 0))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.reason").value("FEE_TOO_LOW"));
  }

  @Test
  void shouldRefuseATxBelowTheFeeFloorOnTheApiAndTheTxTopicAlike() throws Exception {
    // One transfer is 12,500 mana; at 1 per mana the floor is 12,500.
    Tx cheap = transfer(newUser(), 0, 12_499);

    postTx(cheap)
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.reason").value("FEE_TOO_LOW"));
    assertThatThrownBy(() -> txTopic.admit(cheap))
        .isInstanceOfSatisfying(
            InvalidGossipException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.INVALID);
              assertThat(e.detail()).isEqualTo("FEE_TOO_LOW: fee 12499 below required 12500");
            });
    assertThat(pool.contains(cheap.hash())).isFalse();

    Tx atTheFloor = transfer(newUser(), 0, 12_500);
    assertThat(txTopic.admit(atTheFloor).status()).isEqualTo(AddStatus.ADDED);
  }

  @Test
  void shouldAnswerAnUnderpricedReplacementWith409() throws Exception {
    SigningKey user = newUser();
    postTx(transfer(user, 0, 100_000)).andExpect(status().isAccepted());

    postTx(transfer(user, 0, 100_001))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.reason").value("UNDERPRICED"));
  }

  @Test
  void shouldAnswerASenderOverItsLimitWith429AndRetryAfter() throws Exception {
    SigningKey user = newUser();
    for (int nonce = 0; nonce < MAX_TXS_PER_SENDER; nonce++) {
      postTx(transfer(user, nonce, FEE)).andExpect(status().isAccepted());
    }

    postTx(transfer(user, MAX_TXS_PER_SENDER, FEE))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().exists("Retry-After"))
        .andExpect(jsonPath("$.reason").value("SENDER_LIMIT"));
  }

  @Test
  void shouldAnswer503AndKeepNothingWhenTheTxTopicFails() throws Exception {
    Tx tx = transfer(newUser(), 0, FEE);
    gossip.failing.set(true);

    postTx(tx)
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.txHash").value(tx.hash().toString()));

    assertThat(pool.contains(tx.hash())).isFalse();
    gossip.failing.set(false);
    postTx(tx).andExpect(status().isAccepted()).andExpect(jsonPath("$.status").value("ADDED"));
  }

  @Test
  void shouldRefuseAnUnsupportedMediaType() throws Exception {
    http.perform(post("/api/v1/txs").contentType(MediaType.TEXT_PLAIN).content("0x00"))
        .andExpect(status().isUnsupportedMediaType());
  }

  @Test
  void shouldAnswerEachTxOfABatchOnItsOwn() throws Exception {
    SigningKey user = newUser();
    Tx first = transfer(user, 0, FEE);
    Tx second = transfer(user, 1, FEE);
    Tx cheap = transfer(newUser(), 0, 1);
    String body =
        "{\"txs\":[\""
            + Hex.encode(first.encode())
            + "\",\"0xzz\",\""
            + Hex.encode(cheap.encode())
            + "\",\""
            + Hex.encode(second.encode())
            + "\"]}";

    http.perform(post("/api/v1/txs/batch").contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accepted").value(2))
        .andExpect(jsonPath("$.refused").value(2))
        .andExpect(jsonPath("$.results[0].status").value("ADDED"))
        .andExpect(jsonPath("$.results[0].txHash").value(first.hash().toString()))
        .andExpect(jsonPath("$.results[1].problem.status").value(400))
        .andExpect(jsonPath("$.results[1].problem.field").value("txs[1]"))
        .andExpect(jsonPath("$.results[2].problem.status").value(422))
        .andExpect(jsonPath("$.results[2].problem.reason").value("FEE_TOO_LOW"))
        .andExpect(jsonPath("$.results[2].txHash").value(cheap.hash().toString()))
        .andExpect(jsonPath("$.results[3].status").value("ADDED"));
    assertThat(gossip.published).contains(first, second).doesNotContain(cheap);
  }

  @Test
  void shouldRefuseABatchTxTheTopicDidNotTakeAndKeepNothing() throws Exception {
    gossip.failing.set(true);
    Tx tx = transfer(newUser(), 0, FEE);
    http.perform(
            post("/api/v1/txs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"txs\":[\"" + Hex.encode(tx.encode()) + "\"]}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.results[0].problem.status").value(503));
    assertThat(pool.contains(tx.hash())).isFalse();
  }

  @Test
  void shouldRefuseAnEmptyBatch() throws Exception {
    http.perform(
            post("/api/v1/txs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"txs\":[]}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("txs"));
  }

  @Test
  void shouldShowPoolStats() throws Exception {
    postTx(transfer(newUser(), 0, FEE)).andExpect(status().isAccepted());

    http.perform(get("/api/v1/pool"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.size").value(pool.size()))
        .andExpect(jsonPath("$.maxTxs").value(100))
        .andExpect(jsonPath("$.maxTxsPerSender").value(MAX_TXS_PER_SENDER))
        .andExpect(jsonPath("$.rejected.DUPLICATE").exists());
  }
}
