package dev.slotstream.bench;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The proposer's selection of one block from its pool ({@link TxPool#selectForBlock}), as under
 * bin/load: {@code pooled} txs from {@value #SENDERS} senders, each sender's nonces from 0 in a row,
 * a block of up to 1,024 txs. Signatures are not checked by the pool, so they are placeholders.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class TxPoolSelectionBenchmark {
  static final int SENDERS = 3_000;

  @Param({"4000", "20000", "40000"})
  public int pooled;

  private TxPool pool;

  @Setup
  public void fill() {
    pool = new TxPool(TxPoolConfig.of(pooled));
    Signature signature = new Signature(BigInteger.ONE, BigInteger.ONE, 27);
    for (int i = 0; i < pooled; i++) {
      byte[] address = ByteBuffer.allocate(EthAddress.SIZE).putInt(16, i % SENDERS).array();
      long nonce = i / SENDERS;
      TxPayload payload =
          new TxPayload(31337, EthAddress.wrap(address), nonce, 1 + i % 97, List.of(), List.of());
      pool.add(new Tx(payload, signature));
    }
  }

  @Benchmark
  public List<Tx> selectForBlock() {
    return pool.selectForBlock(1_024, sender -> 0L);
  }
}
