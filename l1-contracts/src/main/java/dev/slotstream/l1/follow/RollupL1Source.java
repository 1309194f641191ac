package dev.slotstream.l1.follow;

import dev.slotstream.core.l1.L1BlockRef;
import dev.slotstream.core.l1.L1Checkpoint;
import dev.slotstream.core.l1.L1CheckpointSource;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.utils.Numeric;

/**
 * The rollup's checkpoints as L1 holds them: {@code CheckpointProposed} logs from {@code
 * eth_getLogs} (in chunks of {@code maxBlockRange}), each with its transaction's calldata decoded
 * by {@link ProposeCalldata}. {@code propose} must be the transaction's top-level call, as the
 * publisher sends it. Each RPC failure surfaces as {@link UncheckedIOException}; the caller retries.
 */
public final class RollupL1Source implements L1CheckpointSource {
  private static final String CHECKPOINT_PROPOSED =
      EventEncoder.encode(Rollup.CHECKPOINTPROPOSED_EVENT);

  private final Web3j web3j;
  private final EthAddress rollup;
  private final int confirmations;
  private final int maxBlockRange;

  public RollupL1Source(Web3j web3j, EthAddress rollup, int confirmations, int maxBlockRange) {
    if (confirmations < 0 || maxBlockRange < 1) {
      throw new IllegalArgumentException("confirmations >= 0 and maxBlockRange >= 1");
    }
    this.web3j = web3j;
    this.rollup = rollup;
    this.confirmations = confirmations;
    this.maxBlockRange = maxBlockRange;
  }

  @Override
  public L1BlockRef confirmedHead() {
    EthBlock.Block latest = fetch(DefaultBlockParameterName.LATEST).orElseThrow();
    long number = Math.max(0, latest.getNumber().longValueExact() - confirmations);
    return confirmations == 0 ? ref(latest) : block(number).orElseThrow();
  }

  @Override
  public Optional<L1BlockRef> block(long number) {
    return fetch(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)))
        .map(RollupL1Source::ref);
  }

  @Override
  public List<L1Checkpoint> checkpoints(long fromBlock, long toBlock) {
    List<L1Checkpoint> out = new ArrayList<>();
    for (long from = fromBlock; from <= toBlock; from += maxBlockRange) {
      long to = Math.min(toBlock, from + maxBlockRange - 1);
      EthFilter filter =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
              DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
              rollup.toHex());
      filter.addSingleTopic(CHECKPOINT_PROPOSED);
      EthLog logs = send(() -> web3j.ethGetLogs(filter).send());
      for (EthLog.LogResult<?> result : logs.getLogs()) {
        out.add(checkpoint((Log) result.get()));
      }
    }
    return out;
  }

  private L1Checkpoint checkpoint(Log log) {
    if (log.isRemoved()) {
      throw new IllegalStateException("removed log in a fresh query: " + log);
    }
    CheckpointNumber number =
        CheckpointNumber.of(Numeric.toBigInt(log.getTopics().get(1)).longValueExact());
    Transaction tx =
        send(() -> web3j.ethGetTransactionByHash(log.getTransactionHash()).send())
            .getTransaction()
            .orElseThrow(() -> new IllegalStateException("no tx " + log.getTransactionHash()));
    L1BlockRef block =
        block(log.getBlockNumber().longValueExact())
            .orElseThrow(() -> new IllegalStateException("no block " + log.getBlockNumber()));
    if (!block.hash().toHex().equalsIgnoreCase(log.getBlockHash())) {
      throw new UncheckedIOException(
          new IOException("L1 changed while reading block " + log.getBlockNumber()));
    }
    return ProposeCalldata.toCheckpoint(
        ProposeCalldata.decode(tx.getInput()),
        number,
        block,
        Bytes32.fromHex(log.getTransactionHash()));
  }

  private Optional<EthBlock.Block> fetch(DefaultBlockParameter at) {
    return Optional.ofNullable(send(() -> web3j.ethGetBlockByNumber(at, false).send()).getBlock());
  }

  private static L1BlockRef ref(EthBlock.Block b) {
    return new L1BlockRef(
        b.getNumber().longValueExact(),
        Bytes32.fromHex(b.getHash()),
        b.getTimestamp().longValueExact());
  }

  private interface Call<T extends org.web3j.protocol.core.Response<?>> {
    T send() throws IOException;
  }

  private static <T extends org.web3j.protocol.core.Response<?>> T send(Call<T> call) {
    try {
      T response = call.send();
      if (response.hasError()) {
        throw new UncheckedIOException(new IOException(response.getError().getMessage()));
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
