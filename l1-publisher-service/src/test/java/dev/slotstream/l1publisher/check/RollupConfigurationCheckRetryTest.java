package dev.slotstream.l1publisher.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.node.l1.ConfigCheckProperties;
import dev.slotstream.node.l1.ConfiguredRollup;
import dev.slotstream.node.l1.RollupConfigurationCheck;
import dev.slotstream.node.l1.RollupConfigurationException;
import dev.slotstream.node.l1.RollupConfigurationFailureAnalyzer;
import dev.slotstream.node.l1.RollupReader;
import dev.slotstream.node.l1.VerifiedRollup;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** The L1 node may start after the publisher: the check waits for it, a bounded number of times. */
class RollupConfigurationCheckRetryTest {
  private static final EpochNumber EPOCH = EpochNumber.of(3);

  private static ConfiguredRollup network() {
    RollupContext c = new TestNetwork(4).context();
    return new ConfiguredRollup(
        c.chainId(),
        c.rollupAddress(),
        c.timetable().genesisTime(),
        c.timetable().slotDuration(),
        c.timetable().config().epochLength(),
        TestNetwork.SEED,
        48,
        "slotstream.protocol.validator-seeds",
        c.epochCache(),
        c.signer().domainSeparator());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void waitsForAnL1NodeThatStartsLaterThenPasses() throws Exception {
    int port = freePort();
    String rpcUrl = "http://127.0.0.1:" + port;
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    Retry retry =
        RollupConfigurationCheck.retry(new ConfigCheckProperties(200, Duration.ofMillis(100)));
    AtomicInteger retries = new AtomicInteger();
    retry.getEventPublisher().onRetry(e -> retries.incrementAndGet());
    RollupConfigurationCheck check =
        new RollupConfigurationCheck(
            new RollupReader(web3j, TestNetwork.ROLLUP.toHex()), network(), rpcUrl, retry);
    try {
      CompletableFuture<VerifiedRollup> verified =
          CompletableFuture.supplyAsync(() -> check.verify(EPOCH));
      await().atMost(Duration.ofSeconds(10)).until(() -> retries.get() >= 1);
      assertThat(verified).isNotDone();

      try (TestRollup l1 =
          TestRollup.on(
              LocalAnvil.start(
                  new LocalAnvil.Options(
                      LocalAnvil.DEFAULT_CHAIN_ID,
                      LocalAnvil.DEFAULT_HARDFORK,
                      List.of(),
                      Duration.ofSeconds(30),
                      port)))) {
        l1.deploy();
        assertThat(verified.get())
            .isEqualTo(new VerifiedRollup(TestNetwork.CHAIN_ID, TestNetwork.ROLLUP, EPOCH));
      }
    } finally {
      web3j.shutdown();
    }
  }

  @Test
  void givesUpAfterTheConfiguredAttemptsNamingTheNode() throws Exception {
    String rpcUrl = "http://127.0.0.1:" + freePort();
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    try {
      RollupConfigurationCheck check =
          new RollupConfigurationCheck(
              new RollupReader(web3j, TestNetwork.ROLLUP.toHex()),
              network(),
              rpcUrl,
              RollupConfigurationCheck.retry(new ConfigCheckProperties(3, Duration.ofMillis(10))));
      RollupConfigurationException refused =
          catchThrowableOfType(RollupConfigurationException.class, () -> check.verify(EPOCH));
      assertThat(refused.reason()).isEqualTo(RollupConfigurationException.Reason.L1_UNREACHABLE);
      assertThat(refused).hasMessageContaining(rpcUrl).hasMessageContaining("after 3 attempt(s)");
      assertThat(new RollupConfigurationFailureAnalyzer().analyze(refused).getAction())
          .contains("slotstream.l1.rpc-url");
    } finally {
      web3j.shutdown();
    }
  }
}
