package dev.slotstream.core.exec;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.TxHash;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything one tx did to the state, in execution order: enough for a reader of the data (blobs)
 * to replay the state without re-executing.
 *
 * <p>Immutable and equal by value, like a record; a class because it keeps its fields in their
 * encoding (§7.4) and decodes them when asked. A node keeps the effects of every checkpoint within
 * rollback reach and reads them back only to publish, journal or replay them; as records of {@link
 * Fr}s (a {@code BigInteger} each) a transfer's effect took ~1.4 KB of heap against 436 bytes
 * encoded, and at 2,000 tx/s the kept effects were the largest part of a validator's live set.
 */
public final class TxEffect {
  private static final int NULLIFIER_AT = TxHash.SIZE;
  private static final int NOTE_HASH_AT = NULLIFIER_AT + Fr.SIZE;
  private static final int FEE_AT = NOTE_HASH_AT + Fr.SIZE;
  private static final int MANA_AT = FEE_AT + Long.BYTES;
  private static final int WRITES_AT = MANA_AT + Long.BYTES;

  /** The encoding of an effect without public data writes. */
  public static final int MIN_ENCODED_SIZE = WRITES_AT + Integer.BYTES;

  private final TxHash txHash;
  private final byte[] encoded;

  public TxEffect(
      TxHash txHash,
      Fr nullifier,
      Fr noteHash,
      long fee,
      long manaUsed,
      List<PublicDataWrite> publicDataWrites) {
    this.txHash = Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(nullifier, "nullifier");
    Objects.requireNonNull(noteHash, "noteHash");
    List<PublicDataWrite> writes = List.copyOf(publicDataWrites);
    ByteWriter w = new ByteWriter(MIN_ENCODED_SIZE + 2 * Fr.SIZE * writes.size());
    txHash.write(w);
    nullifier.write(w);
    noteHash.write(w);
    w.u64(fee).u64(manaUsed);
    w.list(
        writes,
        (ww, p) -> {
          p.key().write(ww);
          p.value().write(ww);
        });
    this.encoded = w.toByteArray();
  }

  /** The inverse of {@link #encode()}, reading one effect from {@code r}. */
  public static TxEffect read(ByteReader r) {
    TxHash txHash = TxHash.read(r, "effect.txHash");
    Fr nullifier = Fr.read(r, "effect.nullifier");
    Fr noteHash = Fr.read(r, "effect.noteHash");
    long fee = r.u64("effect.fee");
    long mana = r.u64("effect.manaUsed");
    return new TxEffect(txHash, nullifier, noteHash, fee, mana, readWrites(r));
  }

  public TxHash txHash() {
    return txHash;
  }

  public Fr nullifier() {
    return Fr.fromBytes(Arrays.copyOfRange(encoded, NULLIFIER_AT, NULLIFIER_AT + Fr.SIZE));
  }

  public Fr noteHash() {
    return Fr.fromBytes(Arrays.copyOfRange(encoded, NOTE_HASH_AT, NOTE_HASH_AT + Fr.SIZE));
  }

  public long fee() {
    return Bytes32.bigEndianLong(encoded, FEE_AT);
  }

  public long manaUsed() {
    return Bytes32.bigEndianLong(encoded, MANA_AT);
  }

  public List<PublicDataWrite> publicDataWrites() {
    return readWrites(new ByteReader(Arrays.copyOfRange(encoded, WRITES_AT, encoded.length)));
  }

  /**
   * txHash[32] ‖ nullifier[32] ‖ noteHash[32] ‖ u64 fee ‖ u64 manaUsed ‖ u32 n ‖ n × (key[32] ‖
   * value[32]).
   */
  public byte[] encode() {
    return encoded.clone();
  }

  /** The size of {@link #encode()}. */
  public int encodedSize() {
    return encoded.length;
  }

  /** reduce(keccak256(encode())). */
  public Fr hash() {
    return FieldHash.hash(encoded);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TxEffect other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "TxEffect[txHash="
        + txHash
        + ", nullifier="
        + nullifier()
        + ", noteHash="
        + noteHash()
        + ", fee="
        + fee()
        + ", manaUsed="
        + manaUsed()
        + ", publicDataWrites="
        + publicDataWrites()
        + "]";
  }

  private static List<PublicDataWrite> readWrites(ByteReader r) {
    return r.list(
        "effect.publicDataWrites",
        Integer.MAX_VALUE,
        2 * Fr.SIZE,
        rr -> new PublicDataWrite(Fr.read(rr, "write.key"), Fr.read(rr, "write.value")));
  }
}
