package dev.slotstream.l1publisher.check;

import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.io.IOException;
import java.util.List;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * A real Anvil and the Rollup deployed as the test network's (and application.yml's devnet): four
 * validators {@code validator-0..3}, base seed {@code 0xab…ab}, genesis 2026-01-01, the devnet
 * timetable, committee size 48. Its first deployment lands at {@link TestNetwork#ROLLUP}.
 */
public final class TestRollup implements AutoCloseable {
  public static final Timetable TIMETABLE =
      new Timetable(TimetableConfig.devnet(TestNetwork.GENESIS));

  private final LocalAnvil anvil;
  private final L1Client owner;

  private TestRollup(LocalAnvil anvil) {
    this.anvil = anvil;
    this.owner = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
  }

  public static TestRollup start() {
    return new TestRollup(LocalAnvil.start());
  }

  public static TestRollup on(LocalAnvil anvil) {
    return new TestRollup(anvil);
  }

  /** Deploys the network's Rollup; the first call lands at {@link TestNetwork#ROLLUP}. */
  public Rollup deploy() throws Exception {
    return owner.deployRollup(config());
  }

  public static RollupConfig config() {
    MbpsHarness h = new MbpsHarness();
    return new RollupConfig(
        h.network.keys().stream().map(SigningKey::address).toList(),
        CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
        TestNetwork.SEED,
        TestNetwork.GENESIS.getEpochSecond(),
        TIMETABLE.slotDuration().toSeconds(),
        TIMETABLE.config().epochLength(),
        h.genesis().latest().archiveRoot());
  }

  public String rpcUrl() {
    return anvil.rpcUrl();
  }

  /** Anvil: puts {@code code} at {@code address} (a contract that was never deployed). */
  public void setCode(String address, String code) throws IOException {
    Response<?> r =
        new Request<>(
                "anvil_setCode",
                List.of(address, code),
                new HttpService(rpcUrl()),
                L1Client.RawResponse.class)
            .send();
    if (r.hasError()) {
      throw new IOException("anvil_setCode failed: " + r.getError().getMessage());
    }
  }

  /** The deployer's (the contract owner's) connection. */
  public L1Client owner() {
    return owner;
  }

  @Override
  public void close() {
    owner.close();
    anvil.close();
  }
}
