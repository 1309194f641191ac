package dev.slotstream.core.committee;

import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The committee of one epoch, members in draw order. Positions in {@code members} are the
 * positions used by attestation bitmaps and the order attestations are sent to L1 in.
 */
public record Committee(EpochNumber epoch, EpochSeed seed, List<EthAddress> members) {
  public Committee {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(members, "members");
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("committee must not be empty");
    }
    if (new HashSet<>(members).size() != members.size()) {
      throw new IllegalArgumentException("committee has a duplicate member: " + members);
    }
    if (!seed.epoch().equals(epoch)) {
      throw new IllegalArgumentException(
          "seed of epoch " + seed.epoch() + " used for committee of epoch " + epoch);
    }
  }

  /** ⌊2n/3⌋ + 1: the smallest count strictly above two thirds. */
  public static int quorum(int committeeSize) {
    if (committeeSize < 1) {
      throw new IllegalArgumentException("committee size must be positive, got " + committeeSize);
    }
    return 2 * committeeSize / 3 + 1;
  }

  public int quorum() {
    return quorum(members.size());
  }

  public int size() {
    return members.size();
  }

  public EthAddress get(int position) {
    return members.get(position);
  }

  public boolean contains(EthAddress address) {
    return members.contains(address);
  }

  public OptionalInt indexOf(EthAddress address) {
    int i = members.indexOf(address);
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** members[uint256(keccak256(abi.encode(seed, slot))) % size]. */
  public int proposerIndexFor(SlotNumber slot) {
    return AbiWords.hashMod(seed.value(), slot.value(), members.size());
  }

  public EthAddress proposerFor(SlotNumber slot) {
    return members.get(proposerIndexFor(slot));
  }

  public boolean isProposer(EthAddress address, SlotNumber slot) {
    return proposerFor(slot).equals(address);
  }
}
