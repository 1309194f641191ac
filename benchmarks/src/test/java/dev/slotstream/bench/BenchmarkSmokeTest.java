package dev.slotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SignatureRecovery;
import dev.slotstream.core.exec.BlockBuildResult;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.EthAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark method a few times, outside JMH and untimed, to check it measures what it
 * says (round trips, correct recoveries, a full 1,000-tx block). No timing is asserted.
 */
class BenchmarkSmokeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tx",
        "block100Hashes",
        "block100Txs",
        "checkpointProposal",
        "attestation",
        "quorum"
      })
  void codecRoundTrips(String message) {
    CodecBenchmark b = new CodecBenchmark();
    b.message = message;
    b.setup();
    Object original = original(message);
    byte[] encoded = b.encode();
    assertThat(encoded)
        .isEqualTo(encodeAny(original))
        .hasSize(CodecBenchmark.encodedSizes().get(message));

    // what the decode benchmark measures: a fresh object equal to the original message...
    Object decoded = b.decode();
    assertThat(decoded).isInstanceOf(original.getClass()).isNotSameAs(original).isEqualTo(original);
    // ...that encodes back to exactly the bytes it was decoded from
    assertThat(encodeAny(decoded)).isEqualTo(encoded);
    assertThat(CodecBenchmark.DESCRIPTIONS).containsKey(message);
  }

  /** The message a {@code message} parameter stands for, taken from the fixtures, not the benchmark. */
  private static Object original(String message) {
    CodecBenchmark.Messages m = CodecBenchmark.Messages.INSTANCE;
    return switch (message) {
      case "tx" -> m.tx;
      case "block100Hashes" -> m.block100Hashes;
      case "block100Txs" -> m.block100Txs;
      case "checkpointProposal" -> m.checkpointProposal;
      case "attestation" -> m.attestation;
      case "quorum" -> m.quorum;
      default -> throw new IllegalArgumentException(message);
    };
  }

  private static byte[] encodeAny(Object o) {
    if (o instanceof Tx t) {
      return t.encode();
    } else if (o instanceof BlockProposal p) {
      return p.encode();
    } else if (o instanceof CheckpointProposal c) {
      return c.encode();
    } else if (o instanceof CheckpointAttestation a) {
      return a.encode();
    } else if (o instanceof CheckpointQuorum q) {
      return q.encode();
    }
    throw new IllegalArgumentException("not a gossip message: " + o.getClass());
  }

  @Test
  void codecMessagesHaveTheAdvertisedShape() {
    CodecBenchmark.Messages m = CodecBenchmark.Messages.INSTANCE;
    assertThat(m.block100Hashes.payload().txHashes()).hasSize(100);
    assertThat(m.block100Hashes.txs()).isEmpty();
    assertThat(m.block100Txs.txs()).hasValueSatisfying(txs -> assertThat(txs).hasSize(100));
    assertThat(m.quorum.attestations()).hasSize(33);
    assertThat(m.quorum.committeeSize()).isEqualTo(48);
  }

  @Test
  void nativeRecoveryLoadsHere() {
    // The suite's pairs need both; if this fails, the native rows are reported as missing.
    assertThat(SignatureRecovery.nativeIfAvailable()).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"libsecp256k1", "web3j"})
  void signatureBenchmarksRecoverTheSigner(String impl) {
    SignatureRecoveryBenchmark b = new SignatureRecoveryBenchmark();
    b.impl = impl;
    b.setup(); // checks every pool entry recovers to its signer, and that sign() makes valid ones
    for (int i = 0; i < 2 * SignatureRecoveryBenchmark.POOL; i++) {
      assertThat(b.recover()).isPresent();
      assertThat(b.recoverTxSender()).isPresent();
      assertThat(b.sign()).isNotNull();
    }
  }

  @Test
  void merkleBenchmarksWrite() {
    MerkleTreeBenchmark b = new MerkleTreeBenchmark();
    b.setup();
    b.freshTree();
    assertThat(b.appendRoot()).isNotEqualTo(b.appendRoot());
    assertThat(b.growingSize()).isEqualTo(2);
    assertThat(b.append1000Root()).isNotNull();
    assertThat(b.updateRoot()).isNotNull();
    assertThat(b.forkWriteRoot()).isNotNull();
    assertThat(b.frozenSize()).isEqualTo(MerkleTreeBenchmark.BASE_LEAVES); // forks never leak back
  }

  @ParameterizedTest
  @ValueSource(strings = {"libsecp256k1", "web3j", "cached"})
  void executionBuildsAndReExecutesTheWholeBlock(String recovery) throws Exception {
    ExecutionBenchmark b = new ExecutionBenchmark();
    b.recovery = recovery;
    b.setup();
    assertThat(b.txs()).hasSize(ExecutionBenchmark.TXS);
    assertThat(b.txs().stream().map(tx -> tx.payload().sender()).distinct().count())
        .isEqualTo(ExecutionBenchmark.TXS);

    for (int round = 0; round < 2; round++) { // each op starts from genesis again
      BlockBuildResult built = b.buildBlock();
      assertThat(built.includedTxs()).hasSize(ExecutionBenchmark.TXS);
      assertThat(built.failedTxs()).isEmpty();
      assertThat(built.deferredTxs()).isEmpty();
      L2Block executed = b.executeBlock();
      assertThat(executed.txs()).hasSize(ExecutionBenchmark.TXS);
      assertThat(executed.archiveRoot()).isEqualTo(built.block().orElseThrow().archiveRoot());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"libsecp256k1", "cached"})
  void admissionPoolsEveryTxThenAnswersItsEchoDuplicate(String recovery) {
    TxAdmissionBenchmark b = new TxAdmissionBenchmark();
    TxAdmissionBenchmark.CpuTime cpu = new TxAdmissionBenchmark.CpuTime();
    TxAdmissionBenchmark.FreshNode fresh = new TxAdmissionBenchmark.FreshNode();
    fresh.recovery = recovery;
    for (int round = 0; round < 2; round++) { // each op starts from an empty pool again
      fresh.setup();
      b.gossip(fresh, cpu); // throws unless every tx is ADDED
      assertThat(fresh.admission.pool().size()).isEqualTo(TxAdmissionBenchmark.TXS);
    }
    TxAdmissionBenchmark.ProposerNode proposer = new TxAdmissionBenchmark.ProposerNode();
    proposer.recovery = recovery;
    proposer.setup();
    for (int round = 0; round < 2; round++) {
      b.echo(proposer, cpu); // throws unless every tx is a DUPLICATE
      assertThat(proposer.admission.pool().size()).isEqualTo(TxAdmissionBenchmark.TXS);
      assertThat(proposer.admission.pool().stats().added()).isEqualTo(TxAdmissionBenchmark.TXS);
    }
    assertThat(cpu.txs).isEqualTo(4L * TxAdmissionBenchmark.TXS);
    assertThat(cpu.cpuNanos).isPositive();
    Tx first = TxAdmissionBenchmark.Txs.INSTANCE.txs.get(0);
    assertThat(proposer.lifecycle.status(first.hash())).isPresent();
  }

  @Test
  void poolSelectionTakesAFullBlockInEachSendersNonceOrder() {
    TxPoolSelectionBenchmark b = new TxPoolSelectionBenchmark();
    b.pooled = 4_000;
    b.fill();
    List<Tx> block = b.selectForBlock();
    assertThat(block).hasSize(1_024);
    // Every sender's nonces from 0 in a row: a nonce 1 only after the same sender's nonce 0.
    Map<EthAddress, Long> next = new HashMap<>();
    for (Tx tx : block) {
      long expected = next.getOrDefault(tx.payload().sender(), 0L);
      assertThat(tx.payload().nonce()).isEqualTo(expected);
      next.put(tx.payload().sender(), expected + 1);
    }
  }

  @Test
  void tableReportsMedianAndRatio() {
    assertThat(Bench.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Bench.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Bench.rate(1234567.8)).isEqualTo("1,234,568");
    assertThat(Bench.rate(12.34)).isEqualTo("12.3");
  }
}
