package dev.slotstream.core.crypto;

import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.ContentCommitment;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.SignedPayload;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Random;

/** Small seeded payload builders for the signing tests (independent of other packages' fixtures). */
final class TestPayloads {
  static final long CHAIN_ID = 31337;

  private final Random random;

  TestPayloads(long seed) {
    this.random = new Random(seed);
  }

  /** A payload stand-in of the given kind with an arbitrary encoding. */
  static SignedPayload raw(MessageKind kind, byte[] encoding) {
    byte[] copy = encoding.clone();
    return new SignedPayload() {
      @Override
      public MessageKind kind() {
        return kind;
      }

      @Override
      public byte[] encodePayload() {
        return copy.clone();
      }
    };
  }

  Fr fr() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Fr.reduce(b);
  }

  EthAddress address() {
    byte[] b = new byte[20];
    random.nextBytes(b);
    return EthAddress.wrap(b);
  }

  TxPayload txPayload(EthAddress sender) {
    return new TxPayload(
        CHAIN_ID,
        sender,
        random.nextInt(1000),
        random.nextInt(100),
        List.of(new Transfer(address(), 1 + random.nextInt(1000))),
        List.of());
  }

  BlockHeader blockHeader(SlotNumber slot) {
    GlobalVariables g =
        new GlobalVariables(
            CHAIN_ID,
            1,
            BlockNumber.of(1 + random.nextInt(1000)),
            slot,
            1_700_000_000L,
            address(),
            address(),
            new GasFees(1, 2));
    TreeSnapshot s = new TreeSnapshot(fr(), 7);
    return new BlockHeader(s, new StateReference(s, s, s), g, fr(), 0);
  }

  BlockProposalPayload blockPayload(
      SlotNumber slot, int index, Fr inHash, Fr archive, List<Tx> txs) {
    return new BlockProposalPayload(
        blockHeader(slot), index, inHash, archive, txs.stream().map(Tx::hash).toList());
  }

  CheckpointPayload checkpointPayload(SlotNumber slot, Fr inHash, Fr archive) {
    CheckpointHeader header =
        new CheckpointHeader(
            fr(),
            fr(),
            new ContentCommitment(fr(), inHash, fr()),
            slot,
            1_700_000_000L,
            address(),
            address(),
            new GasFees(1, 2),
            0);
    return new CheckpointPayload(header, archive);
  }
}
