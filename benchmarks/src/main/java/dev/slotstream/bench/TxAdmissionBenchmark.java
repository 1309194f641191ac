package dev.slotstream.bench;

import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SignatureRecovery;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.CachingTxSenderRecovery;
import dev.slotstream.core.exec.TxSenderRecovery;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.AddResult;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.pool.TxAdmission;
import dev.slotstream.core.pool.TxAdmission.Admission;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.types.EthAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Tx admission as every node does it for each tx it reads from the tx topic ({@code
 * TxGossipListener.onTx}): decode the record's bytes, {@link TxAdmission#admit} (chain, size, fee
 * floor, signature through the node's {@link CachingTxSenderRecovery}, nonce against the latest
 * state, {@link TxPool#add}), then the tx lifecycle's {@code pooled}. One op = {@value #TXS} txs
 * from {@value #TXS} distinct funded senders, so µs per tx = 1,000 / (ops/s).
 *
 * <ul>
 *   <li>{@code gossip}: a validator's first sight of each tx: an empty pool and an empty recovery
 *       cache, so every tx is recovered once and ADDED
 *   <li>{@code echo}: the proposer reading back the txs it has just admitted from its API and
 *       published: all are already pooled and their senders cached (answer: DUPLICATE)
 * </ul>
 *
 * {@code recovery=libsecp256k1} is the node's recovery; {@code recovery=cached} returns the
 * payload's sender without cryptography, leaving what admission costs besides the signature. Each
 * row also reports the benchmark thread's CPU time per tx ({@link CpuTime}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TxAdmissionBenchmark {
  public static final int TXS = 1_000;

  /** A validator's first sight of each tx: every tx recovered once and ADDED. */
  @Benchmark
  public int gossip(FreshNode node, CpuTime cpu) {
    long start = cpu.now();
    int n = node.admitAll(AddStatus.ADDED);
    cpu.count(start);
    return n;
  }

  /** The proposer reading back from the tx topic the txs it has just admitted: DUPLICATE. */
  @Benchmark
  public int echo(ProposerNode node, CpuTime cpu) {
    long start = cpu.now();
    int n = node.admitAll(AddStatus.DUPLICATE);
    cpu.count(start);
    return n;
  }

  /**
   * The benchmark thread's CPU time and the txs it admitted, per iteration: CPU µs per tx = {@code
   * cpuNanos} / {@code txs} / 1,000. Unlike ops/s (wall time), it leaves out the time the thread
   * waited for a core, so it holds on a machine other work keeps busy.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long cpuNanos;
    public long txs;

    @Setup(Level.Iteration)
    public void reset() {
      cpuNanos = 0;
      txs = 0;
    }

    long now() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void count(long start) {
      cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
      txs += TXS;
    }
  }

  /** One node's admission: its pool, recovery cache and tx lifecycle. */
  @State(Scope.Thread)
  public static class Node {
    @Param({"libsecp256k1", "cached"})
    public String recovery;

    TxAdmission admission;
    TxLifecycle lifecycle;

    void start() {
      TxSenderRecovery inner =
          recovery.equals("cached")
              ? tx -> Optional.of(tx.payload().sender())
              : BenchFixtures.signer(BenchFixtures.recovery(recovery))::recoverTxSender;
      // node-chain's TxValidator bean: a cache of twice the pool's size, at least 20,000
      TxValidator validator =
          new TxValidator(BenchFixtures.CHAIN_ID, new CachingTxSenderRecovery(inner, 20_000));
      TxPool pool =
          new TxPool(new TxPoolConfig(10_000, 64, TxPoolConfig.DEFAULT_REPLACEMENT_BUMP_PERCENT));
      WorldState state = Txs.INSTANCE.genesis;
      admission = new TxAdmission(validator, BenchFixtures.GAS_FEES, pool, state::latest);
      lifecycle = new TxLifecycle(100_000, Clock.systemUTC());
    }

    int admitAll(AddStatus expected) {
      int n = 0;
      for (byte[] bytes : Txs.INSTANCE.encoded) {
        n += admitLikeTheListener(bytes, expected).status().ordinal();
      }
      return n;
    }

    /** What {@code TxGossipListener.onTx} does with a record value, minus the metrics counter. */
    AddResult admitLikeTheListener(byte[] bytes, AddStatus expected) {
      Tx tx = Tx.decode(bytes);
      Admission admitted = admission.admit(tx);
      if (!(admitted instanceof Admission.Pooled pooled) || pooled.result().status() != expected) {
        throw new IllegalStateException("expected " + expected + ", admission said " + admitted);
      }
      lifecycle.pooled(tx.hash(), pooled.result());
      return pooled.result();
    }
  }

  /** A node with an empty pool and an empty recovery cache before every op. */
  public static class FreshNode extends Node {
    @Setup(Level.Invocation)
    public void setup() {
      start();
    }
  }

  /**
   * The proposer after its API admitted (recovered, pooled) all the txs: reading them back changes
   * nothing, so one setup serves every op.
   */
  public static class ProposerNode extends Node {
    @Setup(Level.Trial)
    public void setup() {
      start();
      admitAll(AddStatus.ADDED);
    }
  }

  /** The genesis and the encoded signed txs, made once per JVM (1,000 keys and 1,000 signatures). */
  static final class Txs {
    static final Txs INSTANCE = new Txs();

    final WorldState genesis;
    final List<Tx> txs;
    final List<byte[]> encoded;

    private Txs() {
      ProtocolSigner signer = BenchFixtures.signer(SignatureRecovery.web3j());
      BenchFixtures data = new BenchFixtures(9_000);
      Map<EthAddress, Long> balances = new LinkedHashMap<>();
      List<Tx> list = new ArrayList<>(TXS);
      List<byte[]> bytes = new ArrayList<>(TXS);
      for (int i = 0; i < TXS; i++) {
        SigningKey sender = SigningKey.fromSeed("bench-admission-sender-" + i);
        balances.put(sender.address(), ExecutionBenchmark.INITIAL_BALANCE);
        Tx tx = BenchFixtures.transfer(signer, sender, 0, data.address(), 1 + i);
        list.add(tx);
        bytes.add(tx.encode());
      }
      genesis = WorldState.genesis(BenchFixtures.CHAIN_ID, BenchFixtures.VERSION, balances);
      txs = List.copyOf(list);
      encoded = List.copyOf(bytes);
    }
  }
}
