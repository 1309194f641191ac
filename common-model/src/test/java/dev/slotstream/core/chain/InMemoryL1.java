package dev.slotstream.core.chain;

import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.l1.L1BlockRef;
import dev.slotstream.core.l1.L1Checkpoint;
import dev.slotstream.core.l1.L1CheckpointSource;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** L1 as a list of blocks, one per slot; a reorg replaces blocks from a height with new hashes. */
final class InMemoryL1 implements L1CheckpointSource {
  private final TreeMap<Long, L1BlockRef> blocks = new TreeMap<>();
  private final TreeMap<Long, L1Checkpoint> checkpointsByBlock = new TreeMap<>();
  private int forks;

  /** Every {@link #checkpoints} range asked for, in order: what a follower scanned. */
  final List<long[]> asked = new ArrayList<>();

  L1Checkpoint land(Checkpoint c, long slot) {
    L1BlockRef block = mine(slot);
    L1Checkpoint landed =
        new L1Checkpoint(
            c.number(),
            TestChain.NETWORK.certify(c.payload()).quorum(),
            c.blocks().stream().map(L2Block::header).toList(),
            c.txEffects(),
            block,
            hash("tx", block.number()));
    checkpointsByBlock.put(block.number(), landed);
    return landed;
  }

  void mineEmptyIn(long slot) {
    mine(slot);
  }

  private L1BlockRef mine(long slot) {
    long number = blocks.isEmpty() ? 1 : blocks.lastKey() + 1;
    long ts = TestChain.NETWORK.slotStart(SlotNumber.of(slot)).getEpochSecond() + 1;
    L1BlockRef b = new L1BlockRef(number, hash("block-" + forks, number), ts);
    blocks.put(number, b);
    return b;
  }

  /** Replaces blocks {@code from}.. with empty blocks of other hashes. */
  void reorgFrom(long from) {
    forks++;
    for (long n : List.copyOf(blocks.tailMap(from, true).keySet())) {
      L1BlockRef old = blocks.get(n);
      blocks.put(n, new L1BlockRef(n, hash("block-" + forks, n), old.timestamp()));
      checkpointsByBlock.remove(n);
    }
  }

  private static Bytes32 hash(String what, long n) {
    return Bytes32.wrap(
        dev.slotstream.core.crypto.Keccak.hash(
            (what + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Override
  public L1BlockRef confirmedHead() {
    return blocks.lastEntry().getValue();
  }

  @Override
  public Optional<L1BlockRef> block(long number) {
    return Optional.ofNullable(blocks.get(number));
  }

  @Override
  public List<L1Checkpoint> checkpoints(long fromBlock, long toBlock) {
    asked.add(new long[] {fromBlock, toBlock});
    return List.copyOf(checkpointsByBlock.subMap(fromBlock, true, toBlock, true).values());
  }
}
