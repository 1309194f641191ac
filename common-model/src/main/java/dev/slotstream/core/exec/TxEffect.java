package dev.slotstream.core.exec;

import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.TxHash;
import java.util.List;
import java.util.Objects;

/**
 * Everything one tx did to the state, in execution order: enough for a reader of the data (blobs)
 * to replay the state without re-executing.
 */
public record TxEffect(
    TxHash txHash,
    Fr nullifier,
    Fr noteHash,
    long fee,
    long manaUsed,
    List<PublicDataWrite> publicDataWrites) {
  public TxEffect {
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(nullifier, "nullifier");
    Objects.requireNonNull(noteHash, "noteHash");
    publicDataWrites = List.copyOf(publicDataWrites);
  }

  /**
   * txHash[32] ‖ nullifier[32] ‖ noteHash[32] ‖ u64 fee ‖ u64 manaUsed ‖ u32 n ‖ n × (key[32] ‖
   * value[32]).
   */
  public byte[] encode() {
    ByteWriter w = new ByteWriter(116 + 64 * publicDataWrites.size());
    txHash.write(w);
    nullifier.write(w);
    noteHash.write(w);
    w.u64(fee).u64(manaUsed);
    w.list(
        publicDataWrites,
        (ww, p) -> {
          p.key().write(ww);
          p.value().write(ww);
        });
    return w.toByteArray();
  }

  /** reduce(keccak256(encode())). */
  public Fr hash() {
    return FieldHash.hash(encode());
  }
}
