package dev.slotstream.proposer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.slotstream.core.consensus.EpochCache;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.proposer.it.TopicRecorder.Received;
import dev.slotstream.proposer.sequencer.KafkaProposalBroadcaster;
import dev.slotstream.proposer.testing.ManualTimeConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The proposer against a real in-process Kafka broker and the devnet timetable (6 s slots, 5
 * sub-slots), on a controlled clock ({@link ManualTimeConfiguration}): time stands still until a
 * test advances it, and every duty due on the way runs at its exact instant, so the outcome does not
 * depend on how busy the machine is. The node holds all four validator keys, so it proposes every
 * slot.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "slotstream.gossip.network-prefix=" + ProposerGossipIntegrationTest.PREFIX,
      "slotstream.gossip.node-id=proposer-it",
      "slotstream.protocol.validator-seeds=validator-0,validator-1,validator-2,validator-3",
      "slotstream.node.key-seeds=validator-0,validator-1,validator-2,validator-3",
      "slotstream.chain.genesis-account-seeds=user-0,user-1,user-2,user-3,user-4,user-5,user-6,user-7",
      // One tx per block: five pooled txs fill the five sub-slots of a slot.
      "slotstream.proposer.max-txs-per-block=1"
    })
@ExtendWith(GossipTestInfrastructure.class)
@Import(ManualTimeConfiguration.class)
// Tracing as the running service has it (Boot turns it off in tests unless asked).
@AutoConfigureObservability(metrics = false)
class ProposerGossipIntegrationTest {
  static final String PREFIX = "proposer-it";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Whole seconds, a few in the past, so record timestamps stay close to the broker's time. */
  private static final Instant GENESIS =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3);

  /** The node starts a second before slot 1: slot 0's job has no sub-slot left, nothing is pooled. */
  private static final Instant CLOCK_START =
      new Timetable(TimetableConfig.devnet(GENESIS)).slotStart(SlotNumber.of(1)).minusSeconds(1);

  private static final EthAddress RECIPIENT = SigningKey.fromSeed("recipient").address();

  @TempDir static Path signingRecord;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    GossipTestInfrastructure.registerKafka(registry);
    registry.add("slotstream.protocol.genesis-time", () -> Long.toString(GENESIS.getEpochSecond()));
    registry.add("slotstream.chain.signing-record-dir", () -> signingRecord.toString());
    registry.add(ManualTimeConfiguration.START_PROPERTY, CLOCK_START::toString);
  }

  @Autowired TestRestTemplate http;
  @Autowired RollupContext context;
  @Autowired ProtocolSigner signer;
  @Autowired EpochCache epochs;
  @Autowired Timetable timetable;
  @Autowired Clock clock;
  @Autowired ManualDutyScheduler scheduler;
  @Autowired TxPool pool;
  @Autowired MeterRegistry registry;

  private TopicRecorder topics;

  @BeforeEach
  void readTopics() {
    topics = new TopicRecorder(PREFIX);
  }

  @AfterEach
  void closeRecorder() {
    topics.close();
  }

  private Tx transfer(String userSeed, long nonce, long fee) {
    SigningKey user = SigningKey.fromSeed(userSeed);
    return signer.signTx(
        new TxPayload(
            context.chainId(),
            user.address(),
            nonce,
            fee,
            List.of(new Transfer(RECIPIENT, 7)),
            List.of()),
        user);
  }

  private ResponseEntity<Map> post(Tx tx) {
    return postJson("{\"tx\":\"" + Hex.encode(tx.encode()) + "\"}");
  }

  private ResponseEntity<Map> postJson(String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.postForEntity("/api/v1/txs", new HttpEntity<>(json, headers), Map.class);
  }

  @Test
  void shouldPoolAndGossipPostedTxsAndKeepServingAfterAMalformedBody() {
    // Low fees: these never outbid the txs of the proposal test, which may share the pool.
    List<Tx> txs =
        List.of(
            transfer("user-5", 0, 50_000),
            transfer("user-6", 0, 50_000),
            transfer("user-7", 0, 50_000));

    for (Tx tx : txs) {
      ResponseEntity<Map> answer = post(tx);
      assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      assertThat(answer.getBody())
          .containsEntry("txHash", tx.hash().toString())
          .containsEntry("status", "ADDED");
    }

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                topics.poll().txs.stream()
                    .map(Received::value)
                    .collect(Collectors.toSet())
                    .containsAll(txs));
    assertThat(topics.txs).filteredOn(r -> txs.contains(r.value())).hasSize(txs.size());
    for (Tx tx : txs) {
      assertThat(pool.contains(tx.hash())).isTrue();
      ResponseEntity<Map> view = http.getForEntity("/api/v1/txs/" + tx.hash(), Map.class);
      assertThat(view.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(view.getBody()).containsEntry("status", "PENDING");
    }
    assertThat((Integer) http.getForEntity("/api/v1/pool", Map.class).getBody().get("size"))
        .isGreaterThanOrEqualTo(3);

    ResponseEntity<Map> malformed = postJson("{\"tx\":\"0x0102\"}");
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(malformed.getBody()).containsKey("field");
    ResponseEntity<Map> notJson = postJson("not json");
    assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    Tx after = transfer("user-5", 1, 50_000);
    assertThat(post(after).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(http.getForEntity("/actuator/health", Map.class).getBody())
        .containsEntry("status", "UP");
  }

  @Test
  void shouldBroadcastFourBlocksThenTheCheckpointOfASlotSignedByItsProposer() {
    // High fees, one tx per block: every block of a slot takes one of these, highest fee first.
    List<Tx> txs =
        IntStream.range(0, 5).mapToObj(i -> transfer("user-" + i, 0, 1_000_000 + i)).toList();
    List<Tx> highestFeeFirst = IntStream.range(0, 5).mapToObj(i -> txs.get(4 - i)).toList();
    for (Tx tx : txs) {
      assertThat(post(tx).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }
    // The next slot starts with every tx pooled. Without attestations nothing becomes final, so
    // each slot builds on genesis again and takes the same txs.
    SlotNumber slot = timetable.slotAt(clock.instant()).orElseThrow().next();
    assertThat(topics.poll().checkpointsOf(slot)).isEmpty();

    List<ILoggingEvent> broadcastLines = new CopyOnWriteArrayList<>();
    AppenderBase<ILoggingEvent> capture =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            broadcastLines.add(event);
          }
        };
    Logger broadcasterLog = (Logger) LoggerFactory.getLogger(KafkaProposalBroadcaster.class);
    capture.start();
    broadcasterLog.addAppender(capture);
    // The whole slot up to its attestation deadline: slot start, the five sub-slot builds and the
    // checkpoint run in this call, each at its own instant, and each broadcast waits for the ack.
    try {
      scheduler.advanceTo(timetable.attestationDeadline(slot));
    } finally {
      broadcasterLog.detachAppender(capture);
    }

    await().atMost(TIMEOUT).until(() -> !topics.poll().checkpointsOf(slot).isEmpty());
    await().atMost(TIMEOUT).until(() -> topics.poll().blocksOf(slot).size() >= 4);

    List<Received<BlockProposal>> blocks = topics.blocksOf(slot);
    Received<CheckpointProposal> checkpoint = topics.checkpointsOf(slot).get(0);
    assertThat(topics.checkpointsOf(slot)).hasSize(1);
    assertThat(blocks).extracting(b -> b.value().index()).containsExactly(0, 1, 2, 3);
    assertThat(blocks).extracting(Received::offset).isSorted();
    assertThat(blocks).allSatisfy(b -> assertThat(b.keySlot()).isEqualTo(slot));
    assertThat(checkpoint.keySlot()).isEqualTo(slot);
    assertThat(blocks)
        .allSatisfy(b -> assertThat(b.timestamp()).isLessThanOrEqualTo(checkpoint.timestamp()));
    assertThat(checkpoint.value().lastBlockIndex()).isEqualTo(4);

    EthAddress proposer = epochs.proposerFor(slot);
    assertThat(blocks)
        .allSatisfy(b -> assertThat(signer.recoverProposer(b.value())).contains(proposer));
    assertThat(signer.recoverProposer(checkpoint.value())).contains(proposer);
    assertThat(signer.recoverProposer(checkpoint.value().lastBlock())).contains(proposer);

    List<BlockProposal> slotBlocks =
        java.util.stream.Stream.concat(
                blocks.stream().map(Received::value),
                java.util.stream.Stream.of(checkpoint.value().lastBlock()))
            .toList();
    assertThat(slotBlocks)
        .allSatisfy(b -> assertThat(b.txs()).hasValueSatisfying(t -> assertThat(t).hasSize(1)));
    Set<TxHash> included =
        slotBlocks.stream()
            .flatMap(b -> b.payload().txHashes().stream())
            .collect(Collectors.toSet());
    assertThat(included).containsExactlyInAnyOrderElementsOf(txs.stream().map(Tx::hash).toList());
    assertThat(slotBlocks.stream().flatMap(b -> b.txs().orElseThrow().stream()).toList())
        .containsExactlyElementsOf(highestFeeFirst);

    // Each block's broadcast line and its record share one trace: the record's traceparent
    // carries the trace id the proposer's log line has in its MDC, for validators to continue.
    for (Received<BlockProposal> b : blocks) {
      ILoggingEvent line =
          broadcastLines.stream()
              .filter(e -> e.getFormattedMessage().startsWith("broadcast block"))
              .filter(e -> e.getFormattedMessage().contains("id=" + b.value().id()))
              .findFirst()
              .orElseThrow();
      String traceId = line.getMDCPropertyMap().get("traceId");
      assertThat(traceId).isNotBlank();
      assertThat(topics.blockTraceparents.get(b.offset())).startsWith("00-" + traceId + "-");
    }

    assertThat(registry.get("slotstream.proposer.blocks.broadcast").counter().count())
        .isGreaterThanOrEqualTo(4);
    assertThat(
            registry
                .get("slotstream.proposer.checkpoints")
                .tag("status", "PROPOSED")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(
            registry
                .get("slotstream.proposer.broadcast.delay")
                .tag("kind", "block")
                .timer()
                .count())
        .isGreaterThanOrEqualTo(4);
    // received -> included once per tx, included -> broadcast once per block and checkpoint
    assertThat(registry.get("slotstream.tx.step").tag("step", "included").timer().count())
        .isGreaterThanOrEqualTo(5);
    assertThat(registry.get("slotstream.tx.step").tag("step", "broadcast").timer().count())
        .isGreaterThanOrEqualTo(5);
    Map<?, ?> health =
        (Map<?, ?>)
            http.getForEntity("/actuator/health/sequencer", Map.class).getBody().get("details");
    assertThat(((Number) health.get("lastProposedSlot")).longValue())
        .isGreaterThanOrEqualTo(slot.value());
  }
}
