package dev.slotstream.l1.anvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

class LocalAnvilTest {
  @Test
  void startsOnALoopbackPortAnswersAndStopsOnClose() throws Exception {
    LocalAnvil anvil =
        LocalAnvil.start(
            new LocalAnvil.Options(
                4242, LocalAnvil.DEFAULT_HARDFORK, List.of(), Duration.ofSeconds(30)));
    Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
    try {
      assertThat(anvil.host()).isEqualTo("127.0.0.1");
      assertThat(anvil.port()).isPositive();
      assertThat(web3j.ethChainId().send().getChainId().longValue()).isEqualTo(4242);
    } finally {
      web3j.shutdown();
      anvil.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !anvil.isAlive());
  }

  @Test
  void twoChainsRunSideBySide() {
    try (LocalAnvil a = LocalAnvil.start();
        LocalAnvil b = LocalAnvil.start()) {
      assertThat(a.port()).isNotEqualTo(b.port());
      assertThat(a.pid()).isNotEqualTo(b.pid());
    }
  }
}
