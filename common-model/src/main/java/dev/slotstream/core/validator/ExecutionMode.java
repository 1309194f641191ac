package dev.slotstream.core.validator;

/** When a validator executes a slot's blocks. */
public enum ExecutionMode {
  /** Each block as soon as it and its predecessors are here: MBPS, overlapping the proposer. */
  PIPELINED,
  /**
   * Nothing until the checkpoint proposal arrives, then every block in a row: the baseline that
   * MBPS improves on, kept to measure the difference.
   */
  ON_CHECKPOINT
}
