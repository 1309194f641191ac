package dev.slotstream.core.state;

import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The canonical chain's world state: one immutable {@link WorldStateSnapshot} per committed
 * checkpoint, at its last block, sharing structure, so a validator job can {@link #fork} at its
 * parent while later checkpoints already exist, and any number of jobs can fork at once.
 *
 * <p>Only a checkpoint's last block is kept: proposals build on it, rollbacks return to it, and a
 * block inside a checkpoint is only ever built on in the fork that executes that checkpoint. A
 * snapshot per block held each block's own copy of the paths its txs wrote for as long as its
 * checkpoint stayed within rollback reach: at 1,000-tx blocks, most of what a node's heap kept
 * for rollbacks.
 *
 * <p>Reads and forks are lock-free (snapshots are immutable and published through concurrent maps).
 * {@link #commit} and {@link #prune} are serialized.
 */
public final class WorldState {
  public static final int ARCHIVE_TREE_DEPTH = 32;
  public static final int NOTE_HASH_TREE_DEPTH = 32;
  public static final int NULLIFIER_TREE_DEPTH = 32;
  public static final int PUBLIC_DATA_TREE_DEPTH = 32;

  private final ConcurrentSkipListMap<Long, WorldStateSnapshot> versions =
      new ConcurrentSkipListMap<>();
  private final ConcurrentHashMap<Fr, Long> blockByArchiveRoot = new ConcurrentHashMap<>();
  private volatile WorldStateSnapshot tip;

  private WorldState(WorldStateSnapshot genesis) {
    publish(genesis);
  }

  /**
   * The state at block 0: every initial balance written in ascending address order (so the result
   * does not depend on the map's iteration order), then the genesis header's hash appended as the
   * archive's first leaf. The total supply must fit a signed 64-bit integer, which is what lets
   * execution never overflow a balance.
   */
  public static WorldState genesis(
      long chainId, long version, Map<EthAddress, Long> initialBalances) {
    StateTrees trees = StateTrees.empty();
    long supply = 0;
    List<EthAddress> addresses = new ArrayList<>(initialBalances.keySet());
    addresses.sort(null);
    for (EthAddress address : addresses) {
      long balance = Objects.requireNonNull(initialBalances.get(address), "balance");
      if (balance < 0) {
        throw new IllegalArgumentException("negative genesis balance for " + address);
      }
      supply = Math.addExact(supply, balance);
      if (balance > 0) {
        trees.writePublicData(AccountKeys.balanceKey(address), Fr.of(balance));
      }
    }
    BlockHeader header = genesisHeader(chainId, version, trees);
    trees.archive.append(header.hash());
    return new WorldState(new WorldStateSnapshot(BlockNumber.ZERO, header, trees.freeze()));
  }

  /**
   * A world state that starts at {@code snapshot} (read back from a chain snapshot, {@link
   * WorldStateCodec}): its oldest block is the snapshot's, so nothing before it can be forked or
   * rewound to.
   */
  public static WorldState startingAt(WorldStateSnapshot snapshot) {
    return new WorldState(snapshot);
  }

  private static BlockHeader genesisHeader(long chainId, long version, StateTrees trees) {
    GlobalVariables globals =
        new GlobalVariables(
            chainId,
            version,
            BlockNumber.ZERO,
            SlotNumber.ZERO,
            0,
            EthAddress.ZERO,
            EthAddress.ZERO,
            GasFees.ZERO);
    return new BlockHeader(
        trees.archive(), trees.stateReference(), globals, FieldHash.hashList(List.of()), 0);
  }

  public WorldStateSnapshot latest() {
    return tip;
  }

  public BlockNumber tipBlockNumber() {
    return tip.blockNumber();
  }

  public Optional<WorldStateSnapshot> find(BlockNumber block) {
    return Optional.ofNullable(versions.get(block.value()));
  }

  public WorldStateSnapshot at(BlockNumber block) {
    return find(block)
        .orElseThrow(() -> new NoSuchElementException("no state kept for block " + block));
  }

  /** The block whose archive root is {@code archiveRoot}: how a proposal's parent is found. */
  public Optional<BlockNumber> blockWithArchiveRoot(Fr archiveRoot) {
    Long n = blockByArchiveRoot.get(archiveRoot);
    return n == null || !versions.containsKey(n)
        ? Optional.empty()
        : Optional.of(BlockNumber.of(n));
  }

  /** A private mutable fork at {@code block}'s state (O(1)). */
  public WorldStateFork fork(BlockNumber block) {
    return new WorldStateFork(at(block));
  }

  public WorldStateFork forkLatest() {
    return new WorldStateFork(tip);
  }

  /**
   * Makes the blocks sealed on {@code fork} canonical, keeping the state at the last one. The fork
   * must start at the current tip and have sealed at least one block, and the archive root after
   * its last block must equal {@code expectedArchiveRoot} (the checkpoint's archive). Returns the
   * new tip.
   *
   * @throws IllegalStateException if the tip moved since the fork was taken (a competing commit)
   */
  public synchronized WorldStateSnapshot commit(WorldStateFork fork, Fr expectedArchiveRoot) {
    List<WorldStateSnapshot> blocks = fork.sealedBlocks();
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("fork has no sealed block to commit");
    }
    if (fork.base() != tip) {
      throw new IllegalStateException(
          "fork starts at block "
              + fork.baseBlockNumber()
              + " but the tip is "
              + tip.blockNumber());
    }
    WorldStateSnapshot last = blocks.get(blocks.size() - 1);
    if (!last.archiveRoot().equals(expectedArchiveRoot)) {
      throw new IllegalArgumentException(
          "fork's archive " + last.archiveRoot() + " is not the expected " + expectedArchiveRoot);
    }
    publish(last);
    return tip;
  }

  /**
   * Makes {@code block} the tip again, forgetting every later block: how a node undoes checkpoints
   * that an L1 reorg removed or that never reached L1. Forks taken at a forgotten block stay usable
   * but can no longer be committed.
   */
  public synchronized WorldStateSnapshot rewindTo(BlockNumber block) {
    WorldStateSnapshot target = at(block);
    for (Long n : List.copyOf(versions.tailMap(block.value(), false).keySet())) {
      WorldStateSnapshot removed = versions.remove(n);
      if (removed != null) {
        blockByArchiveRoot.remove(removed.archiveRoot(), n);
      }
    }
    tip = target;
    return tip;
  }

  /** Forgets the state of every block before {@code keepFrom} (never the tip). */
  public synchronized void prune(BlockNumber keepFrom) {
    long limit = Math.min(keepFrom.value(), tip.blockNumber().value());
    for (Long n : List.copyOf(versions.headMap(limit).keySet())) {
      WorldStateSnapshot removed = versions.remove(n);
      if (removed != null) {
        blockByArchiveRoot.remove(removed.archiveRoot(), n);
      }
    }
  }

  private void publish(WorldStateSnapshot snapshot) {
    versions.put(snapshot.blockNumber().value(), snapshot);
    blockByArchiveRoot.put(snapshot.archiveRoot(), snapshot.blockNumber().value());
    tip = snapshot;
  }
}
