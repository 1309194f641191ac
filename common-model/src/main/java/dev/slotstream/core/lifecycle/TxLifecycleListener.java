package dev.slotstream.core.lifecycle;

/**
 * Hears what {@link TxLifecycle} records, outside its lock, on the thread that reported the event
 * (a job or a consumer thread): a listener must not block.
 */
public interface TxLifecycleListener {
  default void onStage(TxStatus status) {}

  default void onBlock(BlockEvent block) {}

  default void onCheckpoint(CheckpointEvent checkpoint) {}

  /** A checkpoint this node holds was seen on L1 (only on a node that follows L1). */
  default void onLanded(LandedEvent landed) {}
}
