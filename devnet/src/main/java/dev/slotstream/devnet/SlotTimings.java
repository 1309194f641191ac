package dev.slotstream.devnet;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/** The timings of one slot that the pipeline benchmark reads, wherever the slot ran. */
interface SlotTimings {
  /** Block index → when its proposal left the proposer (the last block: with the checkpoint). */
  SortedMap<Integer, Instant> broadcastTimes();

  /** Validator name → block index → when that validator had executed the block. */
  Map<String, ? extends Map<Integer, Instant>> executionTimes();

  /**
   * Validator name → block index → when that validator received the block from gossip; empty where
   * the network does not say (in-process).
   */
  default Map<String, ? extends Map<Integer, Instant>> receptionTimes() {
    return Map.of();
  }

  /** Validator name → when its attestation was published. */
  Map<String, Instant> attestationTimes();

  /** When the checkpoint proposal was broadcast, or null. */
  Instant checkpointTime();

  /** When the quorum event was emitted, or null. */
  Instant quorumTime();

  /** Txs in the slot's checkpoint. */
  int txs();
}
