package dev.slotstream.l1;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.util.List;
import java.util.Objects;

/**
 * Constructor arguments of {@code Rollup}: the devnet validator set (in contract order), the target
 * committee size, the base seed of §6, the slot timing of §5 (whole seconds) and the archive root the
 * chain starts from (the L2 genesis archive).
 */
public record RollupConfig(
    List<EthAddress> validators,
    int targetCommitteeSize,
    Bytes32 baseSeed,
    long genesisTime,
    long slotDuration,
    long epochLength,
    Fr genesisArchive) {
  public RollupConfig {
    validators = List.copyOf(validators);
    Objects.requireNonNull(baseSeed, "baseSeed");
    Objects.requireNonNull(genesisArchive, "genesisArchive");
    if (validators.isEmpty() || targetCommitteeSize < 1 || slotDuration < 1 || epochLength < 1) {
      throw new IllegalArgumentException("empty validator set or non-positive size/duration/epoch");
    }
  }

  public long slotStart(long slot) {
    return genesisTime + slot * slotDuration;
  }
}
