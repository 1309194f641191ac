package dev.slotstream.core.state;

import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The four trees and their lookup indexes, mutable or frozen together. The note hash and nullifier
 * trees are only ever appended to and nothing reads their leaves back, so they are kept as
 * frontiers (at most 33 hashes each); what grows per tx is the nullifier index, not two tree nodes
 * per leaf.
 */
final class StateTrees implements StateView {
  /** Where a public data key lives and what it holds, the value inline as four longs. */
  static final class PublicDataEntry extends PersistentFrMap.Entry {
    private final long v0;
    private final long v1;
    private final long v2;
    private final long v3;

    PublicDataEntry(byte[] key, long index, byte[] value) {
      super(key, index);
      this.v0 = word(value, 0);
      this.v1 = word(value, 1);
      this.v2 = word(value, 2);
      this.v3 = word(value, 3);
    }

    byte[] valueBytes() {
      return bytes(v0, v1, v2, v3);
    }

    Fr value() {
      return fitsLong() ? Fr.of(v3) : Fr.fromBytes(valueBytes());
    }

    /** The value as a long (a balance or a nonce), as {@code value().value().longValueExact()}. */
    long longValueExact() {
      if (!fitsLong()) {
        throw new ArithmeticException("public data value out of long range");
      }
      return v3;
    }

    private boolean fitsLong() {
      return (v0 | v1 | v2) == 0 && v3 >= 0;
    }
  }

  final MerkleTree archive;
  final FrontierTree noteHashes;
  final FrontierTree nullifiers;
  final PersistentFrMap<PersistentFrMap.Entry> nullifierIndex;
  final MerkleTree publicData;
  final PersistentFrMap<PublicDataEntry> publicDataIndex;

  private StateTrees(
      MerkleTree archive,
      FrontierTree noteHashes,
      FrontierTree nullifiers,
      PersistentFrMap<PersistentFrMap.Entry> nullifierIndex,
      MerkleTree publicData,
      PersistentFrMap<PublicDataEntry> publicDataIndex) {
    this.archive = archive;
    this.noteHashes = noteHashes;
    this.nullifiers = nullifiers;
    this.nullifierIndex = nullifierIndex;
    this.publicData = publicData;
    this.publicDataIndex = publicDataIndex;
  }

  static StateTrees empty() {
    return new StateTrees(
        new MerkleTree(WorldState.ARCHIVE_TREE_DEPTH),
        new FrontierTree(WorldState.NOTE_HASH_TREE_DEPTH),
        new FrontierTree(WorldState.NULLIFIER_TREE_DEPTH),
        new PersistentFrMap<>(),
        new MerkleTree(WorldState.PUBLIC_DATA_TREE_DEPTH),
        new PersistentFrMap<>());
  }

  /** These trees with {@code tree} as the note hash tree (a snapshot's, read from its frontier). */
  StateTrees withNoteHashes(FrontierTree tree) {
    return new StateTrees(archive, tree, nullifiers, nullifierIndex, publicData, publicDataIndex);
  }

  StateTrees fork() {
    return new StateTrees(
        archive.fork(),
        noteHashes.fork(),
        nullifiers.fork(),
        nullifierIndex.fork(),
        publicData.fork(),
        publicDataIndex.fork());
  }

  StateTrees freeze() {
    return new StateTrees(
        archive.freeze(),
        noteHashes.freeze(),
        nullifiers.freeze(),
        nullifierIndex.freeze(),
        publicData.freeze(),
        publicDataIndex.freeze());
  }

  @Override
  public Optional<Fr> publicData(Fr key) {
    PublicDataEntry slot = publicDataIndex.get(key);
    return slot == null ? Optional.empty() : Optional.of(slot.value());
  }

  @Override
  public OptionalLong publicDataIndex(Fr key) {
    PublicDataEntry slot = publicDataIndex.get(key);
    return slot == null ? OptionalLong.empty() : OptionalLong.of(slot.index());
  }

  // Balances and nonces are read for every tx at every step: read as longs, without the Optional,
  // Fr and BigInteger of publicData().
  @Override
  public long balance(EthAddress address) {
    return longAt(AccountKeys.balanceKeyBytes(address));
  }

  @Override
  public long nonce(EthAddress address) {
    return longAt(AccountKeys.nonceKeyBytes(address));
  }

  private long longAt(byte[] key) {
    PublicDataEntry slot = publicDataIndex.get(key);
    return slot == null ? 0 : slot.longValueExact();
  }

  @Override
  public boolean hasNullifier(Fr nullifier) {
    return nullifierIndex.get(nullifier) != null;
  }

  @Override
  public TreeSnapshot archive() {
    return archive.snapshot();
  }

  @Override
  public StateReference stateReference() {
    return new StateReference(noteHashes.snapshot(), nullifiers.snapshot(), publicData.snapshot());
  }

  /** Writes a public data key: its first write appends a leaf, later writes update that leaf. */
  void writePublicData(Fr key, Fr value) {
    writePublicData(key.toBytes(), value.toBytes());
  }

  /** A balance or nonce under its key's bytes (AccountKeys caches them), without an Fr. */
  void writePublicData(byte[] keyBytes, long value) {
    writePublicData(keyBytes, PersistentFrMap.Entry.bytes(0, 0, 0, value));
  }

  private void writePublicData(byte[] keyBytes, byte[] valueBytes) {
    PublicDataEntry slot = publicDataIndex.get(keyBytes);
    byte[] leaf = AccountKeys.publicDataLeaf(keyBytes, valueBytes);
    long index;
    if (slot == null) {
      index = publicData.appendBytes(leaf);
    } else {
      index = slot.index();
      publicData.updateBytes(index, leaf);
    }
    publicDataIndex.put(new PublicDataEntry(keyBytes, index, valueBytes));
  }

  /** Appends a nullifier; false (and no change) if it is already present. */
  boolean insertNullifier(Fr nullifier) {
    byte[] key = nullifier.toBytes();
    if (nullifierIndex.get(key) != null) {
      return false;
    }
    long index = nullifiers.append(nullifier);
    nullifierIndex.put(new PersistentFrMap.Entry(key, index));
    return true;
  }
}
