package dev.slotstream.core.state;

import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The immutable world state right after a block: its header and every tree as of that block
 * (the archive already holds that block's header hash). Safe to read and fork from any thread.
 */
public final class WorldStateSnapshot implements StateView {
  private final BlockNumber blockNumber;
  private final BlockHeader header;
  private final StateTrees trees;
  private final TreeSnapshot archive;
  private final StateReference stateReference;

  WorldStateSnapshot(BlockNumber blockNumber, BlockHeader header, StateTrees frozenTrees) {
    this.blockNumber = blockNumber;
    this.header = header;
    this.trees = frozenTrees;
    this.archive = frozenTrees.archive();
    this.stateReference = frozenTrees.stateReference();
  }

  public BlockNumber blockNumber() {
    return blockNumber;
  }

  /** The header of this block (for block 0, the genesis header). */
  public BlockHeader header() {
    return header;
  }

  /** The archive root after this block: the root that a proposal names for this block. */
  public Fr archiveRoot() {
    return archive.root();
  }

  @Override
  public TreeSnapshot archive() {
    return archive;
  }

  @Override
  public StateReference stateReference() {
    return stateReference;
  }

  @Override
  public Optional<Fr> publicData(Fr key) {
    return trees.publicData(key);
  }

  @Override
  public OptionalLong publicDataIndex(Fr key) {
    return trees.publicDataIndex(key);
  }

  @Override
  public long balance(EthAddress address) {
    return trees.balance(address);
  }

  @Override
  public long nonce(EthAddress address) {
    return trees.nonce(address);
  }

  @Override
  public boolean hasNullifier(Fr nullifier) {
    return trees.hasNullifier(nullifier);
  }

  /**
   * Read-only trees, for membership proofs (sibling paths). Writing to them throws. The note hash
   * and nullifier trees are kept as frontiers (roots only), so they have none.
   */
  public MerkleTree archiveTree() {
    return trees.archive;
  }

  public MerkleTree publicDataTree() {
    return trees.publicData;
  }

  StateTrees trees() {
    return trees;
  }

  @Override
  public String toString() {
    return "WorldStateSnapshot{block=" + blockNumber + ", archive=" + archive.root() + "}";
  }
}
