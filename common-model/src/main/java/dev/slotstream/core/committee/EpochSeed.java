package dev.slotstream.core.committee;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import java.util.Objects;

/** The randomness of one epoch: keccak256(abi.encode(bytes32 baseSeed, uint256 epoch)). */
public record EpochSeed(EpochNumber epoch, Bytes32 value) {
  public EpochSeed {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(value, "value");
  }

  /**
   * @param baseSeed the genesis seed (or an L1 randao value both sides agree on)
   */
  public static EpochSeed derive(Bytes32 baseSeed, EpochNumber epoch) {
    return new EpochSeed(epoch, AbiWords.hash(baseSeed, epoch.value()));
  }
}
