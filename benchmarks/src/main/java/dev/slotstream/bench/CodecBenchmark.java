package dev.slotstream.bench;

import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SignatureRecovery;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Canonical encoding and decoding of each gossiped message type. Decoding includes every check the
 * decoder makes (limits, value ranges, and for a proposal carrying txs, that each tx hashes to its
 * listed hash).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

  /** What each {@code message} parameter means. */
  public static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "tx", "Tx: one transfer, signed",
          "block100Hashes", "BlockProposal naming 100 tx hashes",
          "block100Txs", "BlockProposal carrying its 100 full txs",
          "checkpointProposal", "CheckpointProposal (last block names 100 tx hashes)",
          "attestation", "CheckpointAttestation",
          "quorum", "CheckpointQuorum: 33 of 48 attestations");

  @Param({"tx", "block100Hashes", "block100Txs", "checkpointProposal", "attestation", "quorum"})
  public String message;

  private Object value;
  private Function<Object, byte[]> encoder;
  private Function<byte[], Object> decoder;
  private byte[] encoded;

  @Setup
  public void setup() {
    Messages m = Messages.INSTANCE;
    switch (message) {
      case "tx" -> set(m.tx, o -> ((Tx) o).encode(), Tx::decode);
      case "block100Hashes" ->
          set(m.block100Hashes, o -> ((BlockProposal) o).encode(), BlockProposal::decode);
      case "block100Txs" ->
          set(m.block100Txs, o -> ((BlockProposal) o).encode(), BlockProposal::decode);
      case "checkpointProposal" ->
          set(
              m.checkpointProposal,
              o -> ((CheckpointProposal) o).encode(),
              CheckpointProposal::decode);
      case "attestation" ->
          set(
              m.attestation,
              o -> ((CheckpointAttestation) o).encode(),
              CheckpointAttestation::decode);
      case "quorum" ->
          set(m.quorum, o -> ((CheckpointQuorum) o).encode(), CheckpointQuorum::decode);
      default -> throw new IllegalArgumentException("unknown message " + message);
    }
    encoded = encoder.apply(value);
    Object back = decoder.apply(encoded);
    if (!back.equals(value)) {
      throw new IllegalStateException(message + " does not round-trip");
    }
  }

  private void set(
      Object value, Function<Object, byte[]> encoder, Function<byte[], Object> decoder) {
    this.value = value;
    this.encoder = encoder;
    this.decoder = decoder;
  }

  @Benchmark
  public byte[] encode() {
    return encoder.apply(value);
  }

  @Benchmark
  public Object decode() {
    return decoder.apply(encoded);
  }

  /** Encoded size in bytes of each message, for the report. */
  public static Map<String, Integer> encodedSizes() {
    Messages m = Messages.INSTANCE;
    Map<String, Integer> sizes = new LinkedHashMap<>();
    sizes.put("tx", m.tx.encode().length);
    sizes.put("block100Hashes", m.block100Hashes.encode().length);
    sizes.put("block100Txs", m.block100Txs.encode().length);
    sizes.put("checkpointProposal", m.checkpointProposal.encode().length);
    sizes.put("attestation", m.attestation.encode().length);
    sizes.put("quorum", m.quorum.encode().length);
    return sizes;
  }

  /** One seeded, genuinely signed instance of each message, built once per JVM. */
  static final class Messages {
    static final Messages INSTANCE = new Messages();
    static final int TXS = 100;
    static final int COMMITTEE = 48;
    static final int QUORUM = COMMITTEE * 2 / 3 + 1;

    final Tx tx;
    final BlockProposal block100Hashes;
    final BlockProposal block100Txs;
    final CheckpointProposal checkpointProposal;
    final CheckpointAttestation attestation;
    final CheckpointQuorum quorum;

    private Messages() {
      BenchFixtures data = new BenchFixtures(42);
      ProtocolSigner signer = BenchFixtures.signer(SignatureRecovery.web3j());
      SigningKey proposer = SigningKey.fromSeed("bench-proposer");

      List<Tx> txs = new ArrayList<>(TXS);
      for (int i = 0; i < TXS; i++) {
        SigningKey from = SigningKey.fromSeed("bench-codec-sender-" + i);
        txs.add(BenchFixtures.transfer(signer, from, data.smallLong(), data.address(), 1 + i));
      }
      tx = txs.get(0);
      List<dev.slotstream.core.types.TxHash> hashes = txs.stream().map(Tx::hash).toList();

      SlotNumber slot = SlotNumber.of(1_000 + data.smallLong());
      Fr inHash = data.fr();
      Fr archive = data.fr();
      BlockProposalPayload blockPayload =
          new BlockProposalPayload(data.blockHeader(slot), 3, inHash, archive, hashes);
      block100Hashes = signer.signBlock(blockPayload, proposer, Optional.empty());
      block100Txs = signer.signBlock(blockPayload, proposer, Optional.of(txs));

      CheckpointPayload checkpoint =
          new CheckpointPayload(data.checkpointHeader(slot, inHash), archive);
      checkpointProposal = signer.signCheckpoint(checkpoint, block100Hashes, proposer);

      List<Integer> positions = new ArrayList<>();
      List<CheckpointAttestation> attestations = new ArrayList<>();
      for (int i = 0; i < QUORUM; i++) {
        positions.add(i * COMMITTEE / QUORUM);
        attestations.add(
            signer.attest(checkpointProposal, SigningKey.fromSeed("bench-attester-" + i)));
      }
      attestation = attestations.get(0);
      quorum = new CheckpointQuorum(checkpoint, COMMITTEE, positions, attestations);
    }
  }
}
