package dev.slotstream.l1publisher.tx;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How one {@link L1Request} ended. Gas and fee figures are those of the transaction that was mined
 * (the original, a replacement or the cancellation); zero when none was.
 *
 * @param submissions signed transactions handed to the node: the original, replacements, re-broadcasts
 *     and the cancellation
 * @param replacements fee-bumped replacements of a stalled transaction (not counting a cancellation)
 */
public record L1Outcome(
    Status status,
    String label,
    Optional<String> txHash,
    OptionalLong nonce,
    OptionalLong blockNumber,
    BigInteger gasUsed,
    BigInteger effectiveGasPrice,
    int replacements,
    int submissions,
    Optional<L1Revert> revert,
    Optional<String> detail,
    Instant startedAt,
    Instant finishedAt) {

  public enum Status {
    /** Mined with status 1 and buried under the configured confirmations. */
    LANDED,
    /** {@code eth_call} or {@code eth_estimateGas} reverted: nothing was sent. */
    REVERTED_IN_SIMULATION,
    /** Mined with status 0 (the state changed between simulation and inclusion). */
    REVERTED,
    /** The deadline passed before anything could be sent, or a cancellation never resolved. */
    EXPIRED,
    /** The deadline passed while pending: the same-nonce no-op self-transfer was mined instead. */
    CANCELLED,
    /** The {@link Precheck} said the work is already on L1: nothing was sent. */
    ALREADY_DONE,
    /** The node refused the transaction for a reason retrying cannot fix. */
    RPC_ERROR;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public L1Outcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(blockNumber, "blockNumber");
    Objects.requireNonNull(gasUsed, "gasUsed");
    Objects.requireNonNull(effectiveGasPrice, "effectiveGasPrice");
    Objects.requireNonNull(revert, "revert");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  public BigInteger feePaidWei() {
    return gasUsed.multiply(effectiveGasPrice);
  }

  public Duration elapsed() {
    return Duration.between(startedAt, finishedAt);
  }

  /** True when a transaction of this request was mined (landed, reverted or the cancellation). */
  public boolean mined() {
    return blockNumber.isPresent();
  }
}
