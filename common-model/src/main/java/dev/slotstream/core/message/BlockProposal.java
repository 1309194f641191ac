package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed block of a checkpoint, broadcast the moment it is built. When it carries its txs they
 * are exactly the txs its hashes name, in order.
 */
public record BlockProposal(
    BlockProposalPayload payload, Signature signature, Optional<List<Tx>> txs) {

  public BlockProposal {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(txs, "txs");
    txs = txs.map(List::copyOf);
    txs.ifPresent(list -> requireTxsMatchHashes(payload, list));
  }

  static void requireTxsMatchHashes(BlockProposalPayload payload, List<Tx> txs) {
    if (txs.size() != payload.txHashes().size()) {
      throw new IllegalArgumentException(
          "carries " + txs.size() + " txs but names " + payload.txHashes().size() + " tx hashes");
    }
    for (int i = 0; i < txs.size(); i++) {
      if (!txs.get(i).hash().equals(payload.txHashes().get(i))) {
        throw new IllegalArgumentException("tx " + i + " does not hash to its listed tx hash");
      }
    }
  }

  public static BlockProposal read(ByteReader r) {
    return new BlockProposal(
        BlockProposalPayload.read(r),
        Signature.read(r, "block.signature"),
        readTxs(r, "block.txs"));
  }

  static Optional<List<Tx>> readTxs(ByteReader r, String field) {
    if (!r.bool(field + ".present")) {
      return Optional.empty();
    }
    return Optional.of(
        r.list(field, ProtocolLimits.MAX_TXS_PER_BLOCK, TxPayload.MIN_ENCODED_SIZE, Tx::read));
  }

  static void writeTxs(ByteWriter w, Optional<List<Tx>> txs) {
    w.bool(txs.isPresent());
    txs.ifPresent(list -> w.list(list, (ww, tx) -> tx.write(ww)));
  }

  public void write(ByteWriter w) {
    payload.write(w);
    signature.write(w);
    writeTxs(w, txs);
  }

  public byte[] encode() {
    return WireFormat.encode(MessageKind.BLOCK_PROPOSAL, 1024, this::write);
  }

  public static BlockProposal decode(byte[] bytes) {
    return WireFormat.decode(bytes, MessageKind.BLOCK_PROPOSAL, BlockProposal::read);
  }

  /** The message id: the hash of the signed payload, never of the signature. */
  public Bytes32 id() {
    return payload.payloadHash();
  }

  public SlotNumber slotNumber() {
    return payload.slotNumber();
  }

  public int index() {
    return payload.indexWithinCheckpoint();
  }
}
