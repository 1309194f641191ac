package dev.slotstream.core.exec;

import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.util.List;
import java.util.Objects;

/** A node's factory of checkpoint builders, holding its tx validation rules. Thread-safe. */
public final class CheckpointsBuilder {
  private final TxValidator validator;

  public CheckpointsBuilder(TxValidator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  public TxValidator validator() {
    return validator;
  }

  public CheckpointBuilder startCheckpoint(
      CheckpointNumber number,
      CheckpointGlobals globals,
      List<Fr> l1ToL2Messages,
      WorldStateFork fork) {
    return CheckpointBuilder.start(number, globals, l1ToL2Messages, fork, validator);
  }
}
