package dev.slotstream.bench;

import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SignatureRecovery;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.BlockBuildResult;
import dev.slotstream.core.exec.BlockExecutionException;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.exec.TxSenderRecovery;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * One block of {@value #TXS} signed single transfers from {@value #TXS} distinct funded senders to
 * {@value #TXS} fresh recipients, on a fresh fork of the genesis state each time. One op = one
 * block, so tx/s = {@value #TXS} × ops/s.
 *
 * <ul>
 *   <li>{@code buildBlock}: the proposer path, {@link CheckpointBuilder#buildBlock}
 *   <li>{@code executeBlock}: strict re-execution as a validator does, {@link
 *       CheckpointBuilder#executeBlock}
 * </ul>
 *
 * Both run {@link TxValidator}'s stateless checks (chain, size, fee, signature recovery) for every
 * tx, then execute it, then seal the block (header, archive). CheckpointBuilder checks signatures
 * on the common fork-join pool when a block has 32 txs or more, so on this machine recovery runs
 * on all cores. {@code recovery}: libsecp256k1 or web3j recovery through {@link
 * ProtocolSigner#recoverTxSender}; {@code cached} returns the payload's sender without any
 * cryptography, as a node with a cache of senders its tx pool already recovered would (execution
 * and hashing alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExecutionBenchmark {
  public static final int TXS = 1_000;
  static final long INITIAL_BALANCE = 1_000_000_000L;

  @Param({"libsecp256k1", "web3j", "cached"})
  public String recovery;

  private WorldState genesis;
  private List<Tx> txs;
  private TxValidator validator;
  private CheckpointGlobals globals;

  @Setup
  public void setup() {
    TxSenderRecovery senders =
        recovery.equals("cached")
            ? tx -> Optional.of(tx.payload().sender())
            : BenchFixtures.signer(BenchFixtures.recovery(recovery))::recoverTxSender;
    validator = new TxValidator(BenchFixtures.CHAIN_ID, senders);
    globals =
        new CheckpointGlobals(
            BenchFixtures.CHAIN_ID,
            BenchFixtures.VERSION,
            SlotNumber.of(1),
            1_700_000_072L,
            BenchFixtures.COINBASE,
            BenchFixtures.FEE_RECIPIENT,
            BenchFixtures.GAS_FEES);
    Block block = Block.INSTANCE;
    genesis = block.genesis;
    txs = block.txs;
  }

  private CheckpointBuilder start() {
    WorldStateFork fork = genesis.forkLatest();
    return CheckpointBuilder.start(CheckpointNumber.of(1), globals, List.of(), fork, validator);
  }

  @Benchmark
  public BlockBuildResult buildBlock() {
    CheckpointBuilder builder = start();
    BlockBuildResult result =
        builder.buildBlock(txs, builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL);
    if (result.includedTxs().size() != TXS) {
      throw new IllegalStateException(
          "block includes "
              + result.includedTxs().size()
              + " of "
              + TXS
              + " txs: "
              + result.failedTxs().stream().limit(3).toList());
    }
    return result;
  }

  @Benchmark
  public L2Block executeBlock() throws BlockExecutionException {
    CheckpointBuilder builder = start();
    return builder.executeBlock(txs, builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL);
  }

  List<Tx> txs() {
    return txs;
  }

  /** The genesis and the signed txs, made once per JVM (1,000 keys and 1,000 signatures). */
  static final class Block {
    static final Block INSTANCE = new Block();

    final WorldState genesis;
    final List<Tx> txs;

    private Block() {
      ProtocolSigner signer = BenchFixtures.signer(SignatureRecovery.web3j());
      BenchFixtures data = new BenchFixtures(1_000);
      Map<EthAddress, Long> balances = new LinkedHashMap<>();
      List<Tx> list = new ArrayList<>(TXS);
      for (int i = 0; i < TXS; i++) {
        SigningKey sender = SigningKey.fromSeed("bench-exec-sender-" + i);
        balances.put(sender.address(), INITIAL_BALANCE);
        list.add(BenchFixtures.transfer(signer, sender, 0, data.address(), 1 + i));
      }
      genesis = WorldState.genesis(BenchFixtures.CHAIN_ID, BenchFixtures.VERSION, balances);
      txs = List.copyOf(list);
    }
  }
}
