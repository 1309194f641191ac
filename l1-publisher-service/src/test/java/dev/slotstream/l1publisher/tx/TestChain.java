package dev.slotstream.l1publisher.tx;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** A real Anvil for one test, with the controls the tests drive it by. */
final class TestChain implements AutoCloseable {
  /** Anvil's second dev account: the publisher key (the first one deploys the Rollup). */
  static final Credentials PUBLISHER =
      Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

  /** Anvil's first dev account (unlocked in Anvil): deploys the Rollup, competes for block space. */
  static final String DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  /** Anvil's third dev account: a plain recipient. */
  static final String RECIPIENT = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

  private final LocalAnvil anvil;
  private final HttpService service;
  private final Web3j web3j;

  private TestChain(LocalAnvil anvil) {
    this.anvil = anvil;
    this.service = new HttpService(anvil.rpcUrl());
    this.web3j = Web3j.build(service);
  }

  static TestChain start() {
    return new TestChain(LocalAnvil.start());
  }

  /** Anvil on {@code port} (0: any) that loads {@code state} if it exists and dumps it when closed. */
  static TestChain startWithState(Path state, int port) {
    return new TestChain(
        LocalAnvil.start(
            new LocalAnvil.Options(
                LocalAnvil.DEFAULT_CHAIN_ID,
                LocalAnvil.DEFAULT_HARDFORK,
                List.of("--state", state.toString()),
                Duration.ofSeconds(30),
                port)));
  }

  String rpcUrl() {
    return anvil.rpcUrl();
  }

  int port() {
    return anvil.port();
  }

  Web3j web3j() {
    return web3j;
  }

  /** Settings that keep tests fast: 20 ms polling, short back-offs, no confirmations. */
  L1TxProperties.Builder properties() {
    return L1TxProperties.builder(anvil.rpcUrl(), anvil.chainId())
        .receiptPollInterval(Duration.ofMillis(20))
        .outagePause(Duration.ofMillis(50))
        .confirmations(0)
        .stallBlocks(2)
        .stallTimeout(Duration.ofMinutes(5))
        .cancelTimeout(Duration.ofSeconds(30))
        .feeCapGwei(BigDecimal.valueOf(500))
        .rpc(
            new L1TxProperties.Rpc(
                Duration.ofSeconds(2),
                2,
                Duration.ofMillis(20),
                2.0,
                10,
                50f,
                Duration.ofMillis(200)));
  }

  Web3jL1TransactionManager manager(L1TxProperties properties, MeterRegistry registry) {
    return new Web3jL1TransactionManager(web3j, PUBLISHER, properties, registry, Clock.systemUTC());
  }

  /** A Rollup deployed by the first dev account, so the publisher key is not its owner. */
  Rollup deployRollup() throws Exception {
    L1Client owner = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    long genesis = owner.latestBlockTimestamp() + 1_000;
    return owner.deployRollup(
        new RollupConfig(
            List.of(EthAddress.fromHex("0x1000000000000000000000000000000000000001")),
            1,
            Bytes32.fromHex("0x" + "5e".repeat(32)),
            genesis,
            12,
            4,
            Fr.of(7)));
  }

  Object rpc(String method, Object... params) throws IOException {
    Response<?> r =
        new Request<>(method, List.of(params), service, L1Client.RawResponse.class).send();
    if (r.hasError()) {
      throw new IOException(method + " failed: " + r.getError().getMessage());
    }
    return r.getResult();
  }

  void automine(boolean on) throws IOException {
    rpc("evm_setAutomine", on);
  }

  void mine() throws IOException {
    rpc("evm_mine");
  }

  void setNextBlockBaseFee(BigInteger wei) throws IOException {
    rpc("anvil_setNextBlockBaseFeePerGas", Numeric.toHexStringWithPrefix(wei));
  }

  /** The pending pool's transactions from {@code sender}, as Anvil reports them. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> pooled(String sender) throws IOException {
    Map<String, Object> content = (Map<String, Object>) rpc("txpool_content");
    List<Map<String, Object>> found = new ArrayList<>();
    for (String section : List.of("pending", "queued")) {
      Map<String, Map<String, Map<String, Object>>> bySender =
          (Map<String, Map<String, Map<String, Object>>>) content.getOrDefault(section, Map.of());
      bySender.forEach(
          (address, byNonce) -> {
            if (address.equalsIgnoreCase(sender)) {
              found.addAll(byNonce.values());
            }
          });
    }
    return found;
  }

  long minedNonce(String address) throws IOException {
    return web3j
        .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  BigInteger balance(String address) throws IOException {
    return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
  }

  long head() throws IOException {
    return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  Optional<TransactionReceipt> receipt(String hash) throws IOException {
    return web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
  }

  static BigInteger quantity(Object hex) {
    return Numeric.decodeQuantity(String.valueOf(hex));
  }

  /** Ends Anvil (which dumps its state when started with one) but keeps this client. */
  void stopAnvil() {
    anvil.close();
  }

  @Override
  public void close() {
    web3j.shutdown();
    anvil.close();
  }
}
