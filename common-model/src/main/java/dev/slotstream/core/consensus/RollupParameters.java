package dev.slotstream.core.consensus;

import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import java.util.Objects;

/**
 * What every node of one rollup must agree on, as plain values: {@link RollupContext#of} builds the
 * context (timetable, epoch cache, signer) from them.
 *
 * @param committeeSize target committee size (smaller when there are fewer validators)
 */
public record RollupParameters(
    long chainId,
    long version,
    EthAddress rollupAddress,
    TimetableConfig timetable,
    ValidatorSet validators,
    Bytes32 baseSeed,
    int committeeSize,
    int maxTxsPerBlock) {

  public RollupParameters {
    Objects.requireNonNull(rollupAddress, "rollupAddress");
    Objects.requireNonNull(timetable, "timetable");
    Objects.requireNonNull(validators, "validators");
    Objects.requireNonNull(baseSeed, "baseSeed");
  }
}
