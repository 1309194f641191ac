package dev.slotstream.core.l1;

import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.exec.PublicDataWrite;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a checkpoint from L1 data on a fork of the state it builds on, without re-executing any
 * tx: the effects are split into blocks by each block header's {@code txsEffectsHash}, each
 * effect's nullifier, note hash and public data writes are applied in the order execution made
 * them, and each block is sealed, which checks its number, its {@code lastArchive} and its state
 * roots against the header. The archive after the last block must be the signed archive.
 *
 * <p>It does not check signatures: a rebuilt checkpoint becomes final only through {@link
 * dev.slotstream.core.consensus.QuorumValidator} and the chain store, like any other.
 */
public final class CheckpointRebuilder {

  /** Applies {@code c} on {@code fork}; on failure the fork is left in an undefined state. */
  public Checkpoint rebuild(L1Checkpoint c, WorldStateFork fork) throws RebuildException {
    return rebuild(c.number(), c.payload(), c.blockHeaders(), c.txEffects(), fork);
  }

  /**
   * The same from the parts of a checkpoint, wherever they were kept (L1, or the node's own chain
   * journal on disk).
   */
  public Checkpoint rebuild(
      CheckpointNumber number,
      CheckpointPayload payload,
      List<BlockHeader> blockHeaders,
      List<TxEffect> txEffects,
      WorldStateFork fork)
      throws RebuildException {
    CheckpointHeader header = payload.header();
    Fr forkArchive = fork.archive().root();
    if (!header.lastArchiveRoot().equals(forkArchive)) {
      throw new RebuildException(
          "checkpoint "
              + number
              + " builds on "
              + header.lastArchiveRoot()
              + ", this node is at "
              + forkArchive);
    }
    Fr headersHash = FieldHash.hashList(blockHeaders.stream().map(BlockHeader::hash).toList());
    if (!headersHash.equals(header.blockHeadersHash())) {
      throw new RebuildException("block headers do not hash to header.blockHeadersHash");
    }
    List<Fr> effectHashes = txEffects.stream().map(TxEffect::hash).toList();
    if (!FieldHash.hashList(effectHashes).equals(header.contentCommitment().blobsHash())) {
      throw new RebuildException("tx effects do not hash to header.blobsHash");
    }
    List<L2Block> blocks = new ArrayList<>(blockHeaders.size());
    int at = 0;
    for (int b = 0; b < blockHeaders.size(); b++) {
      BlockHeader blockHeader = blockHeaders.get(b);
      // Every tx appends exactly one note hash: the header's note hash tree says how many it holds.
      long count =
          blockHeader.state().noteHashTree().size() - fork.stateReference().noteHashTree().size();
      if (count < 0 || count > effectHashes.size() - at) {
        throw new RebuildException(
            "block "
                + b
                + " states "
                + count
                + " note hashes, "
                + (effectHashes.size() - at)
                + " tx effects are left");
      }
      int n = (int) count;
      if (!FieldHash.hashList(effectHashes.subList(at, at + n))
          .equals(blockHeader.txsEffectsHash())) {
        throw new RebuildException(
            "tx effects #"
                + at
                + " to #"
                + (at + n)
                + " do not hash to block "
                + b
                + "'s txsEffectsHash");
      }
      List<TxEffect> effects = txEffects.subList(at, at + n);
      for (TxEffect e : effects) {
        apply(fork, e);
      }
      WorldStateSnapshot after;
      try {
        after = fork.sealBlock(blockHeader);
      } catch (IllegalArgumentException e) {
        throw new RebuildException(
            "block " + b + " of checkpoint " + number + ": " + e.getMessage());
      }
      blocks.add(new L2Block(blockHeader, after.archiveRoot(), b, List.of(), effects));
      at += n;
    }
    if (at != effectHashes.size()) {
      throw new RebuildException((effectHashes.size() - at) + " tx effects belong to no block");
    }
    if (!fork.archive().root().equals(payload.archive())) {
      throw new RebuildException(
          "archive after the blocks is " + fork.archive().root() + ", signed " + payload.archive());
    }
    return new Checkpoint(number, header, fork.archive(), blocks);
  }

  /** The writes of {@code TxExecutor.execute}, in its order. */
  private static void apply(WorldStateFork fork, TxEffect e) throws RebuildException {
    if (!fork.insertNullifier(e.nullifier())) {
      throw new RebuildException("nullifier " + e.nullifier() + " of tx " + e.txHash() + " exists");
    }
    fork.appendNoteHash(e.noteHash());
    for (PublicDataWrite w : e.publicDataWrites()) {
      fork.writePublicData(w.key(), w.value());
    }
  }
}
