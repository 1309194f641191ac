package dev.slotstream.core.testing;

import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.ContentCommitment;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.StorageWrite;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded random builders for protocol objects, so a test builds a valid object in one line and a
 * failure reproduces from its seed. Signatures are well-formed but sign nothing.
 */
public final class RandomData {
  private final Random random;

  public RandomData(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  public byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  public long u63() {
    return random.nextLong() & Long.MAX_VALUE;
  }

  public long smallLong() {
    return random.nextInt(1_000_000);
  }

  public Fr fr() {
    return Fr.reduce(bytes(32));
  }

  public Bytes32 bytes32() {
    return Bytes32.wrap(bytes(32));
  }

  public EthAddress address() {
    return EthAddress.wrap(bytes(20));
  }

  public TxHash txHash() {
    return new TxHash(bytes32());
  }

  public Signature signature() {
    BigInteger r = new BigInteger(255, random).add(BigInteger.ONE);
    BigInteger s = new BigInteger(254, random).add(BigInteger.ONE);
    return new Signature(r, s, 27 + random.nextInt(2));
  }

  public GasFees gasFees() {
    return new GasFees(smallLong(), smallLong());
  }

  public TreeSnapshot snapshot() {
    return new TreeSnapshot(fr(), smallLong());
  }

  public GlobalVariables globals() {
    return new GlobalVariables(
        1 + random.nextInt(100_000),
        1,
        BlockNumber.of(smallLong()),
        SlotNumber.of(smallLong()),
        1_700_000_000L + smallLong(),
        address(),
        address(),
        gasFees());
  }

  public BlockHeader blockHeader() {
    return blockHeader(globals());
  }

  public BlockHeader blockHeader(GlobalVariables globals) {
    return new BlockHeader(
        snapshot(),
        new StateReference(snapshot(), snapshot(), snapshot()),
        globals,
        fr(),
        smallLong());
  }

  public CheckpointHeader checkpointHeader(SlotNumber slot, Fr inHash) {
    return new CheckpointHeader(
        fr(),
        fr(),
        new ContentCommitment(fr(), inHash, fr()),
        slot,
        1_700_000_000L + smallLong(),
        address(),
        address(),
        gasFees(),
        smallLong());
  }

  public TxPayload txPayload() {
    List<Transfer> transfers = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      transfers.add(new Transfer(address(), 1 + random.nextInt(1000)));
    }
    List<StorageWrite> writes = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      writes.add(new StorageWrite(fr(), fr()));
    }
    return new TxPayload(31337, address(), smallLong(), random.nextInt(100), transfers, writes);
  }

  public Tx tx() {
    return new Tx(txPayload(), signature());
  }

  public List<Tx> txs(int n) {
    List<Tx> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(tx());
    }
    return out;
  }

  public BlockProposal blockProposal(int txCount, boolean withTxs) {
    return blockProposal(blockHeader(), random.nextInt(10), fr(), fr(), txs(txCount), withTxs);
  }

  public BlockProposal blockProposal(
      BlockHeader header, int index, Fr inHash, Fr archive, List<Tx> txs, boolean withTxs) {
    BlockProposalPayload payload =
        new BlockProposalPayload(
            header, index, inHash, archive, txs.stream().map(Tx::hash).toList());
    return new BlockProposal(payload, signature(), withTxs ? Optional.of(txs) : Optional.empty());
  }

  public CheckpointProposal checkpointProposal(int txCount, boolean withTxs) {
    SlotNumber slot = SlotNumber.of(smallLong());
    Fr inHash = fr();
    Fr archive = fr();
    CheckpointHeader header = checkpointHeader(slot, inHash);
    GlobalVariables g = globals();
    GlobalVariables globals =
        new GlobalVariables(
            g.chainId(),
            g.version(),
            g.blockNumber(),
            slot,
            g.timestamp(),
            g.coinbase(),
            g.feeRecipient(),
            g.gasFees());
    BlockProposal last =
        blockProposal(
            blockHeader(globals), random.nextInt(10), inHash, archive, txs(txCount), withTxs);
    return new CheckpointProposal(new CheckpointPayload(header, archive), signature(), last);
  }

  public CheckpointQuorum quorum(int committeeSize, int signers) {
    CheckpointProposal p = checkpointProposal(0, false);
    List<Integer> positions = new ArrayList<>();
    List<CheckpointAttestation> attestations = new ArrayList<>();
    for (int i = 0; i < signers; i++) {
      positions.add(i * committeeSize / signers);
      attestations.add(new CheckpointAttestation(p.payload(), signature(), p.signature()));
    }
    return new CheckpointQuorum(p.payload(), committeeSize, positions, attestations);
  }

  public CheckpointAttestation attestation() {
    CheckpointProposal p = checkpointProposal(0, false);
    return new CheckpointAttestation(p.payload(), signature(), p.signature());
  }
}
