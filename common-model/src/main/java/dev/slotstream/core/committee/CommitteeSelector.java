package dev.slotstream.core.committee;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Draws an epoch's committee with a partial Fisher–Yates shuffle keyed by keccak, chosen because
 * the L1 contract can replay it exactly with one keccak and one swap per seat:
 *
 * <pre>
 * idx = [0, 1, ..., n-1]; remaining = n
 * for i in 0 .. size-1:
 *   r = uint256(keccak256(abi.encode(seed, i))) % remaining
 *   committee[i] = validators[idx[r]]
 *   idx[r] = idx[remaining-1]; remaining -= 1
 * </pre>
 *
 * size = min(targetCommitteeSize, n).
 */
public final class CommitteeSelector {
  /** The reference system's committee size. */
  public static final int DEFAULT_TARGET_COMMITTEE_SIZE = 48;

  private final int targetCommitteeSize;

  public CommitteeSelector(int targetCommitteeSize) {
    if (targetCommitteeSize < 1) {
      throw new IllegalArgumentException(
          "target committee size must be positive, got " + targetCommitteeSize);
    }
    this.targetCommitteeSize = targetCommitteeSize;
  }

  public int targetCommitteeSize() {
    return targetCommitteeSize;
  }

  public int committeeSize(ValidatorSet validators) {
    return Math.min(targetCommitteeSize, validators.size());
  }

  public Committee select(ValidatorSet validators, EpochSeed seed) {
    Objects.requireNonNull(validators, "validators");
    Objects.requireNonNull(seed, "seed");
    int n = validators.size();
    int size = committeeSize(validators);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    int remaining = n;
    List<EthAddress> members = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int r = AbiWords.hashMod(seed.value(), i, remaining);
      members.add(validators.get(idx[r]));
      idx[r] = idx[remaining - 1];
      remaining--;
    }
    return new Committee(seed.epoch(), seed, members);
  }

  public Committee select(ValidatorSet validators, Bytes32 baseSeed, EpochNumber epoch) {
    return select(validators, EpochSeed.derive(baseSeed, epoch));
  }
}
