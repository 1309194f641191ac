package dev.slotstream.node.chain;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.message.CheckpointQuorum;

/** Told of every quorum event after the chain has seen it (e.g. for per-slot reporting). */
@FunctionalInterface
public interface QuorumHandler {
  void onQuorum(CheckpointQuorum quorum, ChainStore.CommitOutcome outcome);
}
