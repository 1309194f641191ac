package dev.slotstream.attestation.finality;

import static org.awaitility.Awaitility.await;

import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.Fr;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** Against a real Anvil: the tip is read in the background and kept through an L1 outage. */
class RollupL1TipAnvilTest {
  private static final Fr GENESIS_ARCHIVE = Fr.of(1234);

  @Test
  void keepsTheLastTipReadWhenL1StopsAnswering() throws Exception {
    TestNetwork network = new TestNetwork(4);
    LocalAnvil anvil = LocalAnvil.start();
    RollupL1Tip tip;
    try (L1Client client =
        L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY)) {
      long genesis = client.latestBlockTimestamp() + 100;
      String address =
          client
              .deployRollup(
                  new RollupConfig(
                      network.keys().stream().map(SigningKey::address).toList(),
                      CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                      TestNetwork.SEED,
                      genesis,
                      network.context().timetable().config().slotDuration().getSeconds(),
                      network.context().timetable().config().epochLength(),
                      GENESIS_ARCHIVE))
              .getContractAddress();
      Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
      tip = new RollupL1Tip(web3j, address, Duration.ofMillis(100));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(tip::archive, a -> a.equals(Optional.of(GENESIS_ARCHIVE)));
    } finally {
      anvil.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !anvil.isAlive());

    try {
      // Refresh rounds fail against the stopped node all along; the last tip read stays known.
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(tip::archive, a -> a.equals(Optional.of(GENESIS_ARCHIVE)));
    } finally {
      tip.close();
    }
  }
}
