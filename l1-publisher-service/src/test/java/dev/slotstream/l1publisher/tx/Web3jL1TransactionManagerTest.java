package dev.slotstream.l1publisher.tx;

import static dev.slotstream.l1publisher.tx.TestChain.PUBLISHER;
import static dev.slotstream.l1publisher.tx.TestChain.RECIPIENT;
import static dev.slotstream.l1publisher.tx.TestChain.quantity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupError;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import dev.slotstream.l1publisher.tx.L1Outcome.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

class Web3jL1TransactionManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final byte[] NO_DATA = new byte[0];

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private TestChain chain;
  private Web3jL1TransactionManager manager;

  @BeforeEach
  void startChain() {
    chain = TestChain.start();
  }

  @AfterEach
  void stopChain() {
    worker.shutdownNow();
    if (manager != null) {
      manager.close();
    }
    chain.close();
  }

  private static Instant in(Duration d) {
    return Instant.now().plus(d);
  }

  private CompletableFuture<L1Outcome> sendInBackground(L1Request request) {
    return CompletableFuture.supplyAsync(() -> manager.send(request), worker);
  }

  private double count(String outcome) {
    var counter = registry.find(L1TxMetrics.TX).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void landsWithAReceiptAndReportsGasAndTheFeeActuallyPaid() throws Exception {
    manager = chain.manager(chain.properties().build(), registry);
    BigInteger before = chain.balance(PUBLISHER.getAddress());

    L1Outcome outcome =
        manager.send(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "transfer"));

    assertThat(outcome.status()).isEqualTo(Status.LANDED);
    assertThat(chain.receipt(outcome.txHash().orElseThrow()))
        .get()
        .satisfies(r -> assertThat(r.isStatusOK()).isTrue());
    assertThat(outcome.gasUsed()).isEqualTo(BigInteger.valueOf(21_000));
    assertThat(outcome.effectiveGasPrice()).isPositive();
    assertThat(before.subtract(chain.balance(PUBLISHER.getAddress())))
        .isEqualTo(outcome.feePaidWei());
    assertThat(outcome.nonce().getAsLong()).isZero();
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isEqualTo(1);
    assertThat(count("landed")).isEqualTo(1);
    assertThat(registry.find(L1TxMetrics.GAS_USED).summary().totalAmount()).isEqualTo(21_000);
    assertThat(registry.find(L1TxMetrics.FEES_PAID).counter().count())
        .isEqualTo(outcome.feePaidWei().doubleValue());
  }

  @Test
  void waitsForTheConfiguredConfirmationsBeforeReportingLanded() throws Exception {
    manager = chain.manager(chain.properties().confirmations(2).build(), registry);

    CompletableFuture<L1Outcome> outcome =
        sendInBackground(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "confirmed"));

    await().atMost(WAIT).until(() -> chain.minedNonce(PUBLISHER.getAddress()) == 1);
    chain.mine();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !outcome.isDone());
    chain.mine();
    L1Outcome landed = outcome.get();
    assertThat(landed.status()).isEqualTo(Status.LANDED);
    assertThat(chain.head()).isEqualTo(landed.blockNumber().getAsLong() + 2);
  }

  @Test
  void doesNotSendWhatWouldRevertAndDecodesTheRollupError() throws Exception {
    Rollup rollup = chain.deployRollup();
    manager = chain.manager(chain.properties().build(), registry);
    byte[] addValidator =
        Numeric.hexStringToByteArray(rollup.addValidator(RECIPIENT).encodeFunctionCall());

    L1Outcome outcome =
        manager.send(
            L1Request.of(
                rollup.getContractAddress(), addValidator, in(Duration.ofMinutes(1)), "not-owner"));

    assertThat(outcome.status()).isEqualTo(Status.REVERTED_IN_SIMULATION);
    assertThat(outcome.submissions()).isZero();
    assertThat(outcome.revert().orElseThrow().error())
        .get()
        .satisfies(
            r -> {
              assertThat(r.error()).isEqualTo(RollupError.NOT_OWNER);
              assertThat((String) r.argument(0)).isEqualToIgnoringCase(PUBLISHER.getAddress());
            });
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isZero();
    assertThat(chain.pooled(PUBLISHER.getAddress())).isEmpty();
    assertThat(
            registry
                .find(L1TxMetrics.TX)
                .tags("outcome", "reverted_in_simulation", "reason", "NotOwner")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRehearsalRunsEveryStepButTheSendAndTakesNoNonce() throws Exception {
    Rollup rollup = chain.deployRollup();
    manager = chain.manager(chain.properties().build(), registry);
    byte[] addValidator =
        Numeric.hexStringToByteArray(rollup.addValidator(RECIPIENT).encodeFunctionCall());

    L1Rehearsal refused =
        manager.rehearse(
            L1Request.of(
                rollup.getContractAddress(), addValidator, in(Duration.ofMinutes(1)), "rehearsal"));
    L1Rehearsal transfer =
        manager.rehearse(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "rehearsal"));

    assertThat(refused.signed()).isTrue();
    assertThat(refused.revert().orElseThrow().error())
        .get()
        .satisfies(r -> assertThat(r.error()).isEqualTo(RollupError.NOT_OWNER));
    assertThat(transfer.signed()).isTrue();
    assertThat(transfer.revert()).isEmpty();
    assertThat(chain.pooled(PUBLISHER.getAddress())).isEmpty();
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isZero();
    assertThat(registry.find(L1TxMetrics.TX).counters()).isEmpty();
    // the nonce it read was not taken: the first real send uses nonce 0
    L1Outcome sent =
        manager.send(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "transfer"));
    assertThat(sent.status()).isEqualTo(Status.LANDED);
    assertThat(sent.nonce().getAsLong()).isZero();
  }

  @Test
  void reportsAMinedRevertWithTheReasonReplayedAtItsBlock() throws Exception {
    // The target has no code while simulated, then gets the Rollup's code (with empty storage, so
    // no owner) before the block is mined: the simulation passed, the mined call reverts.
    Rollup rollup = chain.deployRollup();
    String target = "0x00000000000000000000000000000000000c0de1";
    String rollupCode =
        chain
            .web3j()
            .ethGetCode(
                rollup.getContractAddress(),
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
            .send()
            .getCode();
    manager = chain.manager(chain.properties().gasBufferPercent(100).build(), registry);
    byte[] addValidator =
        Numeric.hexStringToByteArray(rollup.addValidator(RECIPIENT).encodeFunctionCall());
    chain.automine(false);

    CompletableFuture<L1Outcome> outcome =
        sendInBackground(
            L1Request.of(target, addValidator, in(Duration.ofMinutes(1)), "state-changed"));
    awaitPooled(hash -> true);
    chain.rpc("anvil_setCode", target, rollupCode);
    chain.mine();

    L1Outcome reverted = outcome.get();
    assertThat(reverted.status()).isEqualTo(Status.REVERTED);
    assertThat(reverted.mined()).isTrue();
    assertThat(reverted.gasUsed()).isPositive();
    assertThat(reverted.revert().orElseThrow().error().orElseThrow().error())
        .isEqualTo(RollupError.NOT_OWNER);
    assertThat(
            registry
                .find(L1TxMetrics.TX)
                .tags("outcome", "reverted", "reason", "NotOwner")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void recoversWhenTheKeysNonceWasUsedBehindItsBack() throws Exception {
    manager = chain.manager(chain.properties().build(), registry);
    assertThat(
            manager
                .send(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "first"))
                .status())
        .isEqualTo(Status.LANDED);
    try (L1Client elsewhere =
        L1Client.connect(
            chain.rpcUrl(),
            LocalAnvil.DEFAULT_CHAIN_ID,
            Numeric.toHexStringWithPrefix(PUBLISHER.getEcKeyPair().getPrivateKey()))) {
      elsewhere.send(RECIPIENT, "0x");
    }

    L1Outcome second =
        manager.send(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "second"));

    assertThat(second.status()).isEqualTo(Status.LANDED);
    assertThat(second.nonce().getAsLong()).isEqualTo(2);
    assertThat(second.submissions()).isEqualTo(2);
    assertThat(manager.nonceManager().resets()).isEqualTo(1);
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isEqualTo(3);
  }

  @Test
  void replacesAStalledTransactionWithBumpedFeesAndOnlyTheReplacementLands() throws Exception {
    manager =
        chain.manager(
            chain.properties().stallTimeout(Duration.ofMillis(500)).maxReplacements(1).build(),
            registry);
    chain.automine(false);

    CompletableFuture<L1Outcome> outcome =
        sendInBackground(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "stalled"));
    Map<String, Object> original = awaitPooled(hash -> true);
    Map<String, Object> replacement = awaitPooled(hash -> !hash.equals(original.get("hash")));
    chain.mine();

    L1Outcome landed = outcome.get();
    assertThat(landed.status()).isEqualTo(Status.LANDED);
    assertThat(landed.replacements()).isEqualTo(1);
    assertThat(landed.txHash()).contains((String) replacement.get("hash"));
    assertBumpedByAtLeastTenPercent(original, replacement);
    assertThat(chain.receipt((String) original.get("hash"))).isEmpty();
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isEqualTo(1);
    assertThat(registry.find(L1TxMetrics.REPLACEMENTS).counter().count()).isEqualTo(1);
  }

  @Test
  void replacesATransactionLeftOutOfStallBlocksFullBlocks() throws Exception {
    manager = chain.manager(chain.properties().stallBlocks(2).maxReplacements(1).build(), registry);
    chain.automine(false);
    // room for one transfer per block: a better-paying one from another key takes it each time
    chain.rpc("anvil_setBlockGasLimit", Numeric.toHexStringWithPrefix(BigInteger.valueOf(30_000)));

    CompletableFuture<L1Outcome> outcome =
        sendInBackground(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "outbid"));
    Map<String, Object> original = awaitPooled(hash -> true);
    for (int block = 0; block < 2; block++) {
      chain.rpc(
          "eth_sendTransaction",
          Map.of(
              "from",
              TestChain.DEPLOYER,
              "to",
              RECIPIENT,
              "gas",
              "0x5208",
              "maxFeePerGas",
              Numeric.toHexStringWithPrefix(BigInteger.valueOf(200_000_000_000L)),
              "maxPriorityFeePerGas",
              Numeric.toHexStringWithPrefix(BigInteger.valueOf(100_000_000_000L))));
      chain.mine();
    }
    assertThat(chain.receipt((String) original.get("hash"))).isEmpty();
    Map<String, Object> replacement = awaitPooled(hash -> !hash.equals(original.get("hash")));
    chain.mine();

    L1Outcome landed = outcome.get();
    assertThat(landed.status()).isEqualTo(Status.LANDED);
    assertThat(landed.replacements()).isEqualTo(1);
    assertThat(landed.txHash()).contains((String) replacement.get("hash"));
    assertBumpedByAtLeastTenPercent(original, replacement);
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isEqualTo(1);
  }

  @Test
  void repricesATransactionEvictedByABaseFeeSpike() throws Exception {
    manager = chain.manager(chain.properties().maxReplacements(1).build(), registry);
    chain.automine(false);

    CompletableFuture<L1Outcome> outcome =
        sendInBackground(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "spike"));
    Map<String, Object> original = awaitPooled(hash -> true);
    chain.setNextBlockBaseFee(quantity(original.get("maxFeePerGas")).multiply(BigInteger.TWO));
    chain.mine();
    Map<String, Object> replacement = awaitPooled(hash -> !hash.equals(original.get("hash")));
    chain.mine();

    L1Outcome landed = outcome.get();
    assertThat(landed.status()).isEqualTo(Status.LANDED);
    assertThat(landed.replacements()).isEqualTo(1);
    assertThat(landed.txHash()).contains((String) replacement.get("hash"));
    assertBumpedByAtLeastTenPercent(original, replacement);
    assertThat(chain.receipt((String) original.get("hash"))).isEmpty();
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isEqualTo(1);
  }

  private Map<String, Object> awaitPooled(java.util.function.Predicate<String> hash) {
    return await()
        .atMost(WAIT)
        .until(
            () -> chain.pooled(PUBLISHER.getAddress()),
            pooled -> pooled.size() == 1 && hash.test((String) pooled.get(0).get("hash")))
        .get(0);
  }

  private static void assertBumpedByAtLeastTenPercent(
      Map<String, Object> original, Map<String, Object> replacement) {
    assertThat(quantity(replacement.get("maxFeePerGas")))
        .isGreaterThanOrEqualTo(
            FeePolicy.raise(quantity(original.get("maxFeePerGas")), FeePolicy.MIN_BUMP_PERCENT));
    assertThat(quantity(replacement.get("maxPriorityFeePerGas")))
        .isGreaterThanOrEqualTo(
            FeePolicy.raise(
                quantity(original.get("maxPriorityFeePerGas")), FeePolicy.MIN_BUMP_PERCENT));
  }

  @Test
  void cancelsAPendingTransactionWithASameNonceSelfTransferOnceTheDeadlinePasses()
      throws Exception {
    manager = chain.manager(chain.properties().maxReplacements(0).build(), registry);
    chain.automine(false);

    CompletableFuture<L1Outcome> outcome =
        sendInBackground(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMillis(1500)), "too-late"));
    String original = (String) awaitPooled(hash -> true).get("hash");
    Map<String, Object> cancellation = awaitPooled(hash -> !hash.equals(original));
    assertThat((String) cancellation.get("to")).isEqualToIgnoringCase(PUBLISHER.getAddress());
    chain.mine();

    L1Outcome cancelled = outcome.get();
    assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
    var receipt = chain.receipt(cancelled.txHash().orElseThrow()).orElseThrow();
    assertThat(receipt.getTo()).isEqualToIgnoringCase(PUBLISHER.getAddress());
    assertThat(
            chain
                .web3j()
                .ethGetTransactionByHash(receipt.getTransactionHash())
                .send()
                .getTransaction()
                .orElseThrow()
                .getValue())
        .isZero();
    assertThat(chain.receipt(original)).isEmpty();
    chain.mine();
    assertThat(chain.receipt(original)).isEmpty();
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isEqualTo(1);
    assertThat(count("cancelled")).isEqualTo(1);
  }

  @Test
  void neverSendsARequestWhoseDeadlineHasPassed() throws Exception {
    manager = chain.manager(chain.properties().build(), registry);

    L1Outcome outcome =
        manager.send(L1Request.of(RECIPIENT, NO_DATA, Instant.now().minusSeconds(1), "late"));

    assertThat(outcome.status()).isEqualTo(Status.EXPIRED);
    assertThat(outcome.submissions()).isZero();
    assertThat(chain.pooled(PUBLISHER.getAddress())).isEmpty();
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isZero();
    assertThat(count("expired")).isEqualTo(1);
  }

  @Test
  void aPrecheckThatFindsTheWorkDoneStopsTheSend() throws Exception {
    manager = chain.manager(chain.properties().build(), registry);
    AtomicInteger asked = new AtomicInteger();

    L1Outcome outcome =
        manager.send(
            L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "done-elsewhere")
                .withPrecheck(() -> asked.incrementAndGet() > 0));

    assertThat(outcome.status()).isEqualTo(Status.ALREADY_DONE);
    assertThat(asked).hasValue(1);
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isZero();
    assertThat(count("already_done")).isEqualTo(1);
  }

  @Test
  void reBroadcastsATransactionTheNodeDropped() throws Exception {
    manager = chain.manager(chain.properties().build(), registry);
    chain.automine(false);

    CompletableFuture<L1Outcome> outcome =
        sendInBackground(L1Request.of(RECIPIENT, NO_DATA, in(Duration.ofMinutes(1)), "dropped"));
    String hash = (String) awaitPooled(h -> true).get("hash");
    chain.rpc("anvil_dropTransaction", hash);
    awaitPooled(hash::equals);
    chain.mine();

    L1Outcome landed = outcome.get();
    assertThat(landed.status()).isEqualTo(Status.LANDED);
    assertThat(landed.txHash()).contains(hash);
    assertThat(landed.submissions()).isGreaterThanOrEqualTo(2);
    assertThat(chain.minedNonce(PUBLISHER.getAddress())).isEqualTo(1);
  }
}
