package dev.slotstream.bench;

import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How much heap the world state keeps per tx executed, with every older state pruned as a node
 * prunes what no rollback can reach: what stays is the tip's trees and indexes alone, which grow
 * with every tx (each adds a nullifier and a note hash for good, and a transfer to a new account a
 * public data leaf). Not a JMH benchmark: it executes checkpoints of one block of {@code block}
 * transfers (signatures not checked: senders are known, as with a node's sender cache) and prints
 * the retained heap after full collections, and its slope per tx.
 *
 * <p>With {@code keptBlocks} > 0 the states of the checkpoints within that many blocks of the tip
 * are kept as well, as a node keeps the state of every checkpoint within rollback reach ({@code
 * ChainStore.KEPT_TXS}): the difference from a run without is what that rollback reach costs. With
 * {@code blocksPerCheckpoint} > 1 each checkpoint holds that many blocks of {@code block} txs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.slotstream.bench.StateMemoryBenchmark [txs] [block] [keptBlocks] [blocksPerCheckpoint]
 * </pre>
 */
public final class StateMemoryBenchmark {
  private static final int SENDERS = 1_000;

  private StateMemoryBenchmark() {}

  public static void main(String[] args) {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int block = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int keptBlocks = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    int blocksPerCheckpoint = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    List<EthAddress> senders = new ArrayList<>(SENDERS);
    Map<EthAddress, Long> balances = new LinkedHashMap<>();
    for (int i = 0; i < SENDERS; i++) {
      EthAddress a = address(1, i);
      senders.add(a);
      balances.put(a, 1_000_000_000_000L);
    }
    WorldState state = WorldState.genesis(BenchFixtures.CHAIN_ID, BenchFixtures.VERSION, balances);
    TxValidator validator =
        new TxValidator(BenchFixtures.CHAIN_ID, tx -> Optional.of(tx.payload().sender()));
    // Not checked here (the validator's recovery returns the payload's sender): any valid shape.
    Signature signature = new Signature(BigInteger.ONE, BigInteger.ONE, 27);
    long baseline = retainedHeap();
    System.out.printf("txs executed | retained heap (MB) | per tx since the start (bytes)%n");
    int done = 0;
    long recipient = 0;
    for (long n = 1; done < total; n++) {
      CheckpointGlobals globals =
          new CheckpointGlobals(
              BenchFixtures.CHAIN_ID,
              BenchFixtures.VERSION,
              SlotNumber.of(n),
              1_700_000_000L + n,
              BenchFixtures.COINBASE,
              BenchFixtures.FEE_RECIPIENT,
              BenchFixtures.GAS_FEES);
      WorldStateFork fork = state.forkLatest();
      CheckpointBuilder builder =
          CheckpointBuilder.start(CheckpointNumber.of(n), globals, List.of(), fork, validator);
      for (int b = 0; b < blocksPerCheckpoint; b++) {
        List<Tx> txs = new ArrayList<>(block);
        for (int i = 0; i < block; i++) {
          EthAddress from = senders.get((done + i) % SENDERS);
          long nonce = (done + i) / SENDERS;
          TxPayload payload =
              new TxPayload(
                  BenchFixtures.CHAIN_ID,
                  from,
                  nonce,
                  BenchFixtures.TRANSFER_FEE,
                  List.of(new Transfer(address(2, recipient++), 1)),
                  List.of());
          txs.add(new Tx(payload, signature));
        }
        var result = builder.buildBlock(txs, builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL);
        if (result.includedTxs().size() != block) {
          throw new IllegalStateException(
              "block " + n + " included " + result.includedTxs().size());
        }
        done += block;
      }
      Checkpoint checkpoint = builder.complete();
      state.commit(fork, checkpoint.archiveRoot());
      long tip = state.tipBlockNumber().value();
      if (tip > keptBlocks) {
        state.prune(BlockNumber.of(tip - keptBlocks));
      }
      if (done % Math.max(block * blocksPerCheckpoint, total / 10) == 0) {
        long heap = retainedHeap();
        System.out.printf("%,12d | %17.1f | %,d%n", done, heap / 1e6, (heap - baseline) / done);
      }
    }
  }

  private static EthAddress address(int kind, long i) {
    return EthAddress.wrap(ByteBuffer.allocate(20).putInt(kind).putLong(12, i).array());
  }

  private static long retainedHeap() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
