package dev.slotstream.devnet;

import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What happened in one slot, gathered from every node's callbacks; printed when the slot ends. */
final class SlotReport implements SlotTimings {
  record Block(int index, int txs, Instant broadcastAt) {}

  final SlotNumber slot;
  final Instant slotStart;
  final SortedMap<Integer, Block> blocks = new ConcurrentSkipListMap<>();

  /** validator name → block index → executed at. */
  final Map<String, SortedMap<Integer, Instant>> executed = new ConcurrentHashMap<>();

  final Map<String, String> outcomes = new ConcurrentHashMap<>();
  final List<String> attesters = new CopyOnWriteArrayList<>();
  final Map<String, Instant> attestedAt = new ConcurrentHashMap<>();

  /** The proposer's signed proposals as broadcast: block index → BlockProposal, and the checkpoint. */
  final SortedMap<Integer, dev.slotstream.core.message.BlockProposal> proposals =
      new ConcurrentSkipListMap<>();

  volatile dev.slotstream.core.message.CheckpointProposal checkpoint;
  volatile Instant checkpointAt;
  volatile String archive;
  volatile Integer checkpointBlocks;
  volatile Integer checkpointTxs;
  volatile Instant quorumAt;
  volatile Integer quorumSize;
  volatile String proposalStatus;

  SlotReport(SlotNumber slot, Instant slotStart) {
    this.slot = slot;
    this.slotStart = slotStart;
  }

  String offset(Instant at) {
    if (at == null) {
      return "-";
    }
    Duration d = Duration.between(slotStart, at);
    return String.format("+%.2fs", d.toMillis() / 1000.0);
  }

  SortedMap<Integer, Instant> executedBy(String validator) {
    return executed.computeIfAbsent(validator, v -> new ConcurrentSkipListMap<>());
  }

  boolean reachedQuorum() {
    return quorumAt != null;
  }

  Optional<Integer> blockCount() {
    return Optional.ofNullable(checkpointBlocks);
  }

  @Override
  public SortedMap<Integer, Instant> broadcastTimes() {
    SortedMap<Integer, Instant> out = new java.util.TreeMap<>();
    blocks.forEach((index, block) -> out.put(index, block.broadcastAt()));
    return out;
  }

  @Override
  public Map<String, SortedMap<Integer, Instant>> executionTimes() {
    return executed;
  }

  @Override
  public Map<String, Instant> attestationTimes() {
    return attestedAt;
  }

  @Override
  public Instant checkpointTime() {
    return checkpointAt;
  }

  @Override
  public Instant quorumTime() {
    return quorumAt;
  }

  @Override
  public int txs() {
    return checkpointTxs == null ? 0 : checkpointTxs;
  }
}
