package dev.slotstream.core.state;

import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A private, mutable copy of the world state as of one committed block. Creating it is O(1); it
 * reads through to the shared committed structure and copies only what it writes, so nothing done
 * here is visible to the {@link WorldState} or to other forks until it is {@link
 * WorldState#commit committed}. One fork belongs to one thread (one job).
 *
 * <p>{@link #sealBlock} closes a block: it appends the header hash to the archive and keeps an
 * immutable snapshot of the state after that block, which {@link WorldState#commit} later
 * publishes under that block's number.
 */
public final class WorldStateFork implements StateView, AutoCloseable {
  private final WorldStateSnapshot base;
  private StateTrees trees;
  private final List<WorldStateSnapshot> sealed = new ArrayList<>();
  private boolean closed;

  WorldStateFork(WorldStateSnapshot base) {
    this.base = base;
    this.trees = base.trees().fork();
  }

  /** The committed block this fork started from. */
  public BlockNumber baseBlockNumber() {
    return base.blockNumber();
  }

  public WorldStateSnapshot base() {
    return base;
  }

  /** The last block sealed on this fork, or the base block if none yet. */
  public BlockNumber latestBlockNumber() {
    return sealed.isEmpty() ? base.blockNumber() : sealed.get(sealed.size() - 1).blockNumber();
  }

  /** Snapshots of the blocks sealed on this fork, oldest first. */
  public List<WorldStateSnapshot> sealedBlocks() {
    return List.copyOf(sealed);
  }

  @Override
  public Optional<Fr> publicData(Fr key) {
    return open().publicData(key);
  }

  @Override
  public OptionalLong publicDataIndex(Fr key) {
    return open().publicDataIndex(key);
  }

  @Override
  public long balance(EthAddress address) {
    return open().balance(address);
  }

  @Override
  public long nonce(EthAddress address) {
    return open().nonce(address);
  }

  @Override
  public boolean hasNullifier(Fr nullifier) {
    return open().hasNullifier(nullifier);
  }

  @Override
  public TreeSnapshot archive() {
    return open().archive();
  }

  @Override
  public StateReference stateReference() {
    return open().stateReference();
  }

  public void writePublicData(Fr key, Fr value) {
    open().writePublicData(key, value);
  }

  public void setBalance(EthAddress address, long balance) {
    requireNonNegative(balance, "balance");
    open().writePublicData(AccountKeys.balanceKeyBytes(address), balance);
  }

  public void setNonce(EthAddress address, long nonce) {
    requireNonNegative(nonce, "nonce");
    open().writePublicData(AccountKeys.nonceKeyBytes(address), nonce);
  }

  public void writeStorage(EthAddress owner, Fr slot, Fr value) {
    writePublicData(AccountKeys.storageKey(owner, slot), value);
  }

  /** Appends a note hash and returns its leaf index. */
  public long appendNoteHash(Fr noteHash) {
    return open().noteHashes.append(noteHash);
  }

  /** Inserts a nullifier; returns false, changing nothing, if it already exists. */
  public boolean insertNullifier(Fr nullifier) {
    return open().insertNullifier(nullifier);
  }

  /**
   * Closes a block: checks that {@code header} describes this fork (next block number, the
   * archive before the block, the state after its txs), appends {@code header.hash()} to the archive
   * and records the resulting state. Returns the archive root after the block.
   */
  public WorldStateSnapshot sealBlock(BlockHeader header) {
    StateTrees t = open();
    BlockNumber expected = latestBlockNumber().next();
    if (!header.blockNumber().equals(expected)) {
      throw new IllegalArgumentException(
          "header is for block " + header.blockNumber() + " but the next block is " + expected);
    }
    if (!header.lastArchive().equals(t.archive())) {
      throw new IllegalArgumentException("header.lastArchive does not match the fork's archive");
    }
    if (!header.state().equals(t.stateReference())) {
      throw new IllegalArgumentException("header.state does not match the fork's trees");
    }
    t.archive.append(header.hash());
    WorldStateSnapshot snapshot = new WorldStateSnapshot(expected, header, t.freeze());
    sealed.add(snapshot);
    return snapshot;
  }

  /** Releases this fork's private nodes; any later use throws. */
  @Override
  public void close() {
    closed = true;
    trees = null;
    sealed.clear();
  }

  public boolean isClosed() {
    return closed;
  }

  private StateTrees open() {
    if (closed) {
      throw new IllegalStateException("world state fork is closed");
    }
    return trees;
  }

  private static void requireNonNegative(long v, String what) {
    if (v < 0) {
      throw new IllegalArgumentException(what + " must be non-negative, got " + v);
    }
  }
}
