package dev.slotstream.l1publisher.tx;

import static dev.slotstream.l1publisher.tx.TestChain.PUBLISHER;
import static dev.slotstream.l1publisher.tx.TestChain.RECIPIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.l1publisher.tx.L1Outcome.Status;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** L1 goes away (Anvil stopped) and comes back on the same port with the same chain. */
class L1OutageTest {
  private static final byte[] NO_DATA = new byte[0];

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private TestChain chain;
  private TestChain restarted;
  private Web3jL1TransactionManager manager;

  @AfterEach
  void stop() {
    worker.shutdownNow();
    if (manager != null) {
      manager.close();
    }
    if (restarted != null) {
      restarted.close();
    }
    chain.close();
  }

  private double rpcErrors() {
    return registry.find(L1TxMetrics.RPC_ERRORS).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  @Test
  void pausesWhileL1IsDownAndLandsExactlyOnceWhenItIsBack() throws Exception {
    Path state = dir.resolve("anvil-state.json");
    chain = TestChain.startWithState(state, 0);
    manager = chain.manager(chain.properties().build(), registry);
    assertThat(
            manager
                .send(L1Request.of(RECIPIENT, NO_DATA, Instant.now().plusSeconds(60), "before"))
                .status())
        .isEqualTo(Status.LANDED);
    chain.stopAnvil();
    AtomicInteger prechecks = new AtomicInteger();

    CompletableFuture<L1Outcome> outcome =
        CompletableFuture.supplyAsync(
            () ->
                manager.send(
                    L1Request.of(RECIPIENT, NO_DATA, Instant.now().plusSeconds(60), "during-outage")
                        .withPrecheck(() -> prechecks.incrementAndGet() < 0)),
            worker);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> manager.breakerState() == CircuitBreaker.State.OPEN);
    assertThat(rpcErrors()).isPositive();
    assertThat(outcome).isNotDone();
    restarted = TestChain.startWithState(state, chain.port());

    L1Outcome landed = outcome.get();
    assertThat(landed.status()).isEqualTo(Status.LANDED);
    assertThat(landed.nonce().getAsLong()).isEqualTo(1);
    assertThat(restarted.minedNonce(PUBLISHER.getAddress())).isEqualTo(2);
    assertThat(restarted.receipt(landed.txHash().orElseThrow())).isPresent();
    assertThat(prechecks.get()).as("asked again after the outage").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aPendingTransactionLostWithTheNodesPoolIsReBroadcastAndLandsOnce() throws Exception {
    Path state = dir.resolve("anvil-state.json");
    chain = TestChain.startWithState(state, 0);
    manager = chain.manager(chain.properties().build(), registry);
    chain.automine(false);

    CompletableFuture<L1Outcome> outcome =
        CompletableFuture.supplyAsync(
            () ->
                manager.send(
                    L1Request.of(RECIPIENT, NO_DATA, Instant.now().plusSeconds(60), "in-flight")),
            worker);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> chain.pooled(PUBLISHER.getAddress()).size() == 1);
    String hash = (String) chain.pooled(PUBLISHER.getAddress()).get(0).get("hash");
    chain.stopAnvil();
    await().atMost(Duration.ofSeconds(20)).until(() -> rpcErrors() > 0);
    restarted = TestChain.startWithState(state, chain.port());

    L1Outcome landed = outcome.get();
    assertThat(landed.status()).isEqualTo(Status.LANDED);
    assertThat(landed.txHash()).contains(hash);
    assertThat(restarted.minedNonce(PUBLISHER.getAddress())).isEqualTo(1);
    assertThat(restarted.receipt(hash)).isPresent();
  }

  @Test
  void anOutageLongerThanTheDeadlineExpiresWithoutSending() throws Exception {
    Path state = dir.resolve("anvil-state.json");
    chain = TestChain.startWithState(state, 0);
    manager = chain.manager(chain.properties().build(), registry);
    chain.stopAnvil();

    L1Outcome outcome =
        manager.send(
            L1Request.of(RECIPIENT, NO_DATA, Instant.now().plusMillis(700), "outage-too-long"));

    assertThat(outcome.status()).isEqualTo(Status.EXPIRED);
    assertThat(outcome.submissions()).isZero();
    assertThat(rpcErrors()).isPositive();
    restarted = TestChain.startWithState(state, chain.port());
    assertThat(restarted.minedNonce(PUBLISHER.getAddress())).isZero();
    assertThat(restarted.pooled(PUBLISHER.getAddress())).isEmpty();
  }
}
