package dev.slotstream.core.exec;

import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.Tx;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A proposed block re-executed on the checkpoint being rebuilt, with the comparisons every
 * executing node makes (PROTOCOL.md §10): the block keeps the checkpoint's globals and inHash, its
 * txs execute, and the result has the proposed archive root and header. The one rule for a
 * validator's job on receipt and for the catch-up from the gossip log.
 */
public final class BlockReExecution {
  /** Why a block did not re-execute to what was proposed. */
  public enum Failure {
    /** The block itself is invalid: another checkpoint context, or txs that do not execute. */
    INVALID_BLOCK,
    /** It executed, but not to the proposed inHash, archive root or header. */
    STATE_MISMATCH
  }

  /** Either the executed block, or a failure with what was wrong. */
  public record Outcome(Optional<L2Block> block, Optional<Failure> failure, String detail) {
    public Outcome {
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(detail, "detail");
    }

    static Outcome executed(L2Block block) {
      return new Outcome(Optional.of(block), Optional.empty(), "");
    }

    static Outcome failed(Failure failure, String detail) {
      return new Outcome(Optional.empty(), Optional.of(failure), detail);
    }
  }

  private BlockReExecution() {}

  /** Re-executes block {@code index} ({@code payload} with its {@code txs}) on {@code builder}. */
  public static Outcome execute(
      CheckpointBuilder builder,
      int index,
      BlockProposalPayload payload,
      List<Tx> txs,
      BlockBuildLimits limits) {
    if (!CheckpointGlobals.from(payload.blockHeader().globalVariables())
        .equals(builder.globals())) {
      return Outcome.failed(
          Failure.INVALID_BLOCK, "block " + index + " changes the checkpoint's context");
    }
    if (!payload.inHash().equals(builder.inHash())) {
      return Outcome.failed(
          Failure.STATE_MISMATCH, "block " + index + " inHash differs from the checkpoint's");
    }
    L2Block block;
    try {
      block = builder.executeBlock(txs, payload.blockNumber(), limits);
    } catch (BlockExecutionException e) {
      return Outcome.failed(Failure.INVALID_BLOCK, "block " + index + ": " + e.getMessage());
    }
    if (!block.archiveRoot().equals(payload.archiveRoot())
        || !block.header().equals(payload.blockHeader())) {
      return Outcome.failed(
          Failure.STATE_MISMATCH,
          "block "
              + index
              + " proposed archive "
              + payload.archiveRoot()
              + " but re-execution gave "
              + block.archiveRoot());
    }
    return Outcome.executed(block);
  }
}
