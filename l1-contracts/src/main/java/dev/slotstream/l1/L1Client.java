package dev.slotstream.l1;

import dev.slotstream.l1.contracts.generated.Rollup;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A web3j connection with one sending key: deploys and loads the {@link Rollup} wrapper, reads
 * revert data, and drives an Anvil chain's clock. Receipts are polled every 50 ms (web3j's default
 * of 15 s makes every test slow).
 */
public final class L1Client implements AutoCloseable {
  /** Fixed gas limit: failing calls are mined (not refused by estimation), so tests see receipts. */
  public static final BigInteger GAS_LIMIT = BigInteger.valueOf(15_000_000);

  public static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);

  private final Web3j web3j;
  private final HttpService service;
  private final Credentials credentials;
  private final RawTransactionManager txManager;
  private final ContractGasProvider gasProvider;
  private final long chainId;

  private L1Client(String rpcUrl, long chainId, String privateKeyHex) {
    this.service = new HttpService(rpcUrl);
    this.web3j = Web3j.build(service);
    this.credentials = Credentials.create(privateKeyHex);
    this.chainId = chainId;
    this.txManager =
        new RawTransactionManager(
            web3j, credentials, chainId, new PollingTransactionReceiptProcessor(web3j, 50, 600));
    this.gasProvider = new StaticGasProvider(GAS_PRICE, GAS_LIMIT);
  }

  public static L1Client connect(String rpcUrl, long chainId, String privateKeyHex) {
    return new L1Client(rpcUrl, chainId, privateKeyHex);
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  public String senderAddress() {
    return credentials.getAddress();
  }

  public Rollup deployRollup(RollupConfig config) throws Exception {
    return Rollup.deploy(
            web3j,
            txManager,
            gasProvider,
            config.validators().stream().map(a -> a.toHex()).toList(),
            BigInteger.valueOf(config.targetCommitteeSize()),
            config.baseSeed().toArray(),
            BigInteger.valueOf(config.genesisTime()),
            BigInteger.valueOf(config.slotDuration()),
            BigInteger.valueOf(config.epochLength()),
            config.genesisArchive().toBytes())
        .send();
  }

  public Rollup loadRollup(String address) {
    return Rollup.load(address, web3j, txManager, gasProvider);
  }

  /** Sends {@code propose}; a reverted call still returns its (status 0) receipt. */
  public TransactionReceipt propose(Rollup rollup, ProposeCall call) throws IOException {
    return send(rollup.getContractAddress(), call.encodeFunctionCall(rollup));
  }

  /** Sends raw calldata to {@code to} and waits for the receipt, whatever its status. */
  public TransactionReceipt send(String to, String data) throws IOException {
    String hash =
        txManager
            .sendTransaction(GAS_PRICE, GAS_LIMIT, to, data, BigInteger.ZERO)
            .getTransactionHash();
    if (hash == null) {
      throw new IOException("transaction to " + to + " was not accepted");
    }
    try {
      return new PollingTransactionReceiptProcessor(web3j, 50, 600).waitForTransactionReceipt(hash);
    } catch (org.web3j.protocol.exceptions.TransactionException e) {
      throw new IOException("no receipt for " + hash, e);
    }
  }

  /**
   * The revert data of a mined, failed transaction: the same call replayed with eth_call on the
   * block it was mined in (same timestamp, and the failed call changed no state).
   */
  public Optional<String> revertData(TransactionReceipt receipt) throws IOException {
    org.web3j.protocol.core.methods.response.Transaction tx =
        web3j
            .ethGetTransactionByHash(receipt.getTransactionHash())
            .send()
            .getTransaction()
            .orElseThrow();
    EthCall call =
        web3j
            .ethCall(
                Transaction.createEthCallTransaction(tx.getFrom(), tx.getTo(), tx.getInput()),
                DefaultBlockParameter.valueOf(receipt.getBlockNumber()))
            .send();
    if (!call.hasError()) {
      return Optional.empty();
    }
    // web3j keeps the error's "data" member as raw JSON text: a quoted hex string.
    return Optional.ofNullable(call.getError().getData())
        .map(d -> d.toString().replace("\"", "").trim())
        .filter(d -> d.startsWith("0x"));
  }

  /** The Rollup error a failed transaction reverted with. */
  public Optional<RollupError.Revert> rollupError(TransactionReceipt receipt) throws IOException {
    return revertData(receipt).flatMap(RollupError::decode);
  }

  public long latestBlockTimestamp() throws IOException {
    return web3j
        .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
        .send()
        .getBlock()
        .getTimestamp()
        .longValueExact();
  }

  /** Anvil/Hardhat: the next mined block gets this timestamp (it must exceed the latest). */
  public void setNextBlockTimestamp(long timestamp) throws IOException {
    rpc("evm_setNextBlockTimestamp", List.of(timestamp));
  }

  /** Anvil/Hardhat: mines one block now. */
  public void mine() throws IOException {
    rpc("evm_mine", List.of());
  }

  /** Anvil/Hardhat: snapshots the chain; {@link #revert} returns to it (an L1 reorg in tests). */
  public String snapshot() throws IOException {
    return String.valueOf(rpc("evm_snapshot", List.of()).getResult());
  }

  /** Anvil/Hardhat: drops every block after the snapshot {@code id}. */
  public void revert(String id) throws IOException {
    rpc("evm_revert", List.of(id));
  }

  private Response<?> rpc(String method, List<?> params) throws IOException {
    Response<?> r = new Request<>(method, params, service, RawResponse.class).send();
    if (r.hasError()) {
      throw new IOException(method + " failed: " + r.getError().getMessage());
    }
    return r;
  }

  /** A response whose result is not needed. */
  public static final class RawResponse extends Response<Object> {}

  @Override
  public void close() {
    web3j.shutdown();
  }
}
