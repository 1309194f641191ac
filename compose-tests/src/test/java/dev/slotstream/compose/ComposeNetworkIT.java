package dev.slotstream.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.RollupParameters;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * docker-compose.yml, run for real: images built from the services' jars, the whole network up and
 * healthy, txs posted to the proposer, checkpoints certified by a quorum and landed on L1 (the
 * publisher's publications), Kafka's ACLs refusing a validator that writes a proposal, then one
 * validator killed and the network still final with three of four. Everything is torn down with
 * its volumes at the end.
 *
 * <p>Skipped, with the reason printed, where no Docker engine or compose CLI answers, or where the
 * images it needs beside Slotstream's are absent (no registry here: {@code
 * docker/offline/build-base-images.sh} builds them; {@code .ci/run} does so).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ComposeNetworkIT.LogsOnFailure.class)
class ComposeNetworkIT {
  private static final long CHAIN_ID = 31337;
  private static final String ROLLUP = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  private static final Instant GENESIS = Instant.ofEpochSecond(1767225600);
  private static final String BASE_SEED = "0x" + "ab".repeat(32);
  private static final int USERS = 8;
  private static final List<String> SERVICES =
      List.of(
          "kafka",
          "redis",
          "anvil",
          "validator-0",
          "validator-1",
          "validator-2",
          "validator-3",
          "attestation-service",
          "l1-publisher-service",
          "proposer-service");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BROADCAST_CHECKPOINT =
      Pattern.compile("broadcast checkpoint slot=(\\d+) lastIndex=\\d+ txs=(\\d+)");

  private static ComposeStack stack;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final long[] NONCES = new long[USERS];
  private static ProtocolSigner signer;

  @BeforeAll
  static void up() {
    Optional<String> why = ComposeStack.unavailable();
    if (why.isPresent()) {
      skip(why.get());
    }
    Path repo =
        Path.of(System.getProperty("slotstream.repoDir", "..")).toAbsolutePath().normalize();
    String project =
        "slotstream-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    stack = ComposeStack.create(repo, project);
    List<String> missing = stack.chooseImages();
    if (!missing.isEmpty()) {
      stack = null;
      skip(
          "images not in the engine and no registry to pull them: "
              + missing
              + " (docker/offline/build-base-images.sh builds the offline ones)");
    }
    System.out.println(
        "ComposeNetworkIT: " + stack.version() + ", project " + project + ", " + stack.env());
    try {
      start();
    } catch (RuntimeException | Error e) {
      Path file = Path.of("target", "compose-logs", "up.log");
      stack.writeLogs(file);
      System.out.println("ComposeNetworkIT: logs of the network in " + file.toAbsolutePath());
      throw e;
    }
  }

  private static void start() {
    long t0 = System.nanoTime();
    ComposeStack.Result build =
        stack.compose(
            Duration.ofMinutes(10),
            "build",
            "proposer-service",
            "validator-0",
            "attestation-service",
            "l1-publisher-service",
            "l1-deploy");
    assertThat(build.ok()).as("compose build:\n%s", build.output()).isTrue();
    long t1 = System.nanoTime();
    // up -d returns once every container is started, dependencies healthy before their dependents.
    ComposeStack.Result up = stack.up(Duration.ofMinutes(15), 3);
    assertThat(up.ok()).as("compose up:\n%s", up.output()).isTrue();
    System.out.println("ComposeNetworkIT: up on host ports " + stack.ports());
    await("every service healthy")
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> SERVICES.stream().allMatch(s -> "healthy".equals(stack.health(s))));
    long t2 = System.nanoTime();
    System.out.printf(
        "ComposeNetworkIT: images built in %d s, up to all healthy in %d s%n",
        TimeUnit.NANOSECONDS.toSeconds(t1 - t0), TimeUnit.NANOSECONDS.toSeconds(t2 - t1));
    signer =
        RollupContext.of(
                new RollupParameters(
                    CHAIN_ID,
                    1,
                    EthAddress.fromHex(ROLLUP),
                    TimetableConfig.devnet(GENESIS),
                    ValidatorSet.of(
                        IntStream.range(0, 4)
                            .mapToObj(i -> SigningKey.fromSeed("validator-" + i).address())
                            .toList()),
                    Bytes32.fromHex(BASE_SEED),
                    48,
                    1024))
            .signer();
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      ComposeStack.Result down =
          stack.compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans", "-t", "5");
      System.out.println("ComposeNetworkIT: down -v: exit " + down.exitCode());
    }
  }

  @Test
  @Order(1)
  void deployerExitedAfterDeployingTheRollupContract() {
    ComposeStack.Result logs =
        stack.compose(Duration.ofSeconds(30), "logs", "--no-color", "l1-deploy");
    assertThat(logs.output()).containsIgnoringCase("Rollup deployed at " + ROLLUP);
    assertThat(stack.health("l1-deploy")).isEqualTo("exited");
  }

  @Test
  @Order(2)
  void postedTxsGetIntoACheckpointThatReachesQuorumAndL1() throws Exception {
    // A certified checkpoint can rightly miss L1 (sent after its slot ended on a loaded machine:
    // SlotNotCurrent, then pruned by the nodes); then txs are posted again, three rounds at most.
    long after = -1;
    List<String> missed = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      List<Integer> statuses = postTxs(40);
      assertThat(statuses).as("proposer's answers to POST /api/v1/txs").allMatch(s -> s / 100 == 2);
      long slot = awaitCertifiedCheckpointWithTxs(after);
      // The publisher publishes only checkpoints certified by a quorum; L1 takes them in order.
      // Every certified checkpoint the publisher sees gets a record (NOT_ON_TIP when its parent
      // was pruned); none while a later slot has one means its quorum never reached the publisher.
      String status =
          await("publication of the checkpoint of slot " + slot + " (GET /api/v1/publications)")
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofSeconds(2))
              .until(() -> statusOf(slot), st -> !"PENDING".equals(st));
      if ("LANDED".equals(status)) {
        System.out.println(
            "ComposeNetworkIT: checkpoint with txs of slot "
                + slot
                + " certified and LANDED on L1"
                + (missed.isEmpty() ? "" : " after missed " + missed));
        return;
      }
      missed.add("slot " + slot + ": " + status);
      after = slot;
    }
    throw new AssertionError(
        "no certified checkpoint with txs landed on L1 in 3 rounds: " + missed);
  }

  @Test
  @Order(3)
  void kafkaRefusesAValidatorWritingAProposal() {
    Properties p = new Properties();
    p.put(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + stack.port("KAFKA_HOST_PORT"));
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
    p.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"validator-0\" password=\"validator-0-secret\";");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(
                          new ProducerRecord<>(
                              "slotstream-devnet.block_proposal", new byte[] {1, 2, 3}))
                      .get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  @Order(4)
  void networkStaysFinalWithOneValidatorKilled() throws Exception {
    ComposeStack.Result kill = stack.compose(Duration.ofSeconds(60), "kill", "validator-3");
    assertThat(kill.ok()).as("compose kill:\n%s", kill.output()).isTrue();
    assertThat(stack.health("validator-3")).isNotEqualTo("healthy");
    long killedAt =
        checkpointsWithTxs().keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    postTxs(40);
    // Three of four validators still make a quorum: the next checkpoint with txs is certified.
    awaitCertifiedCheckpointWithTxs(killedAt);
  }

  /**
   * A checkpoint with txs after slot {@code after} (the proposer's log) whose quorum certificate
   * the attestation service emitted (its log). Not necessarily the first with txs: the service
   * rightly withholds a quorum whose parent it cannot confirm as the latest final checkpoint (e.g.
   * when its L1 tip read times out on a loaded machine), and the next checkpoint is certified.
   */
  private static long awaitCertifiedCheckpointWithTxs(long after) {
    long[] slot = {-1};
    await("a checkpoint with txs after slot " + after + " certified by a quorum")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              String quorums =
                  stack
                      .compose(Duration.ofSeconds(60), "logs", "--no-color", "attestation-service")
                      .output();
              slot[0] =
                  checkpointsWithTxs().keySet().stream()
                      .filter(s -> s > after)
                      .filter(s -> quorums.contains("quorum emitted slot=" + s + " "))
                      .mapToLong(Long::longValue)
                      .min()
                      .orElse(-1);
              return slot[0] > 0;
            });
    return slot[0];
  }

  /** Slot to tx count of each checkpoint with txs the proposer broadcast (its log lines). */
  private static Map<Long, Integer> checkpointsWithTxs() {
    ComposeStack.Result logs =
        stack.compose(Duration.ofSeconds(60), "logs", "--no-color", "proposer-service");
    Map<Long, Integer> found = new TreeMap<>();
    Matcher m = BROADCAST_CHECKPOINT.matcher(logs.output());
    while (m.find()) {
      int txs = Integer.parseInt(m.group(2));
      if (txs > 0) {
        found.put(Long.parseLong(m.group(1)), txs);
      }
    }
    return found;
  }

  /** Signs {@code n} transfers spread over the genesis users and posts them to the proposer. */
  private static List<Integer> postTxs(int n) throws IOException, InterruptedException {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int u = i % USERS;
      SigningKey from = SigningKey.fromSeed("user-" + u);
      SigningKey to = SigningKey.fromSeed("user-" + ((u + 3) % USERS));
      Tx tx =
          signer.signTx(
              new TxPayload(
                  CHAIN_ID,
                  from.address(),
                  NONCES[u]++,
                  20_000,
                  List.of(new Transfer(to.address(), 1 + i % 100)),
                  List.of()),
              from);
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://localhost:" + stack.port("PROPOSER_HOST_PORT") + "/api/v1/txs"))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"tx\":\"" + Hex.encode(tx.encode()) + "\"}"))
              .build();
      statuses.add(HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }
    return statuses;
  }

  /**
   * The publication status of {@code slot}'s checkpoint; PENDING while it has none and no later
   * slot has one either, NO_RECORD once a later slot has one.
   */
  private static String statusOf(long slot) throws IOException, InterruptedException {
    Map<Long, String> after = publications(slot - 1);
    if (after.containsKey(slot)) {
      return after.get(slot);
    }
    return after.isEmpty() ? "PENDING" : "NO_RECORD";
  }

  /** Slot to publication status ({@code LANDED}, {@code REVERTED_IN_SIMULATION}, ...). */
  private static Map<Long, String> publications(long after)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + stack.port("L1_PUBLISHER_HOST_PORT")
                            + "/api/v1/publications?limit=100"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return Map.of();
    }
    Map<Long, String> out = new TreeMap<>();
    for (JsonNode p : JSON.readTree(r.body())) {
      JsonNode slot = p.get("slot");
      long value = slot.isObject() ? slot.get("value").asLong() : slot.asLong();
      if (value > after) {
        out.put(value, p.get("status").asText());
      }
    }
    return out;
  }

  private static void skip(String reason) {
    System.out.println("ComposeNetworkIT skipped: " + reason);
    Assumptions.abort("ComposeNetworkIT skipped: " + reason);
  }

  /** Keeps the network's logs (target/compose-logs) when a test fails, before the tear-down. */
  static final class LogsOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (stack != null) {
        Path file =
            Path.of("target", "compose-logs", context.getRequiredTestMethod().getName() + ".log");
        stack.writeLogs(file);
        System.out.println("ComposeNetworkIT: logs of the network in " + file.toAbsolutePath());
      }
    }
  }
}
