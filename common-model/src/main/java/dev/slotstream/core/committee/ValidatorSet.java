package dev.slotstream.core.committee;

import dev.slotstream.core.types.EthAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The registered validators in the order the L1 contract stores them. Order matters: committee
 * selection draws positions in this list, so two nodes must agree on it exactly.
 */
public record ValidatorSet(List<EthAddress> members) {
  public ValidatorSet {
    Objects.requireNonNull(members, "members");
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("validator set must not be empty");
    }
    Map<EthAddress, Integer> seen = new HashMap<>();
    for (int i = 0; i < members.size(); i++) {
      Integer earlier = seen.putIfAbsent(members.get(i), i);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "validator " + members.get(i) + " appears twice, at " + earlier + " and " + i);
      }
    }
  }

  public static ValidatorSet of(EthAddress... members) {
    return new ValidatorSet(List.of(members));
  }

  public static ValidatorSet of(List<EthAddress> members) {
    return new ValidatorSet(members);
  }

  public int size() {
    return members.size();
  }

  public EthAddress get(int index) {
    return members.get(index);
  }

  public boolean contains(EthAddress address) {
    return members.contains(address);
  }

  public OptionalInt indexOf(EthAddress address) {
    int i = members.indexOf(address);
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }
}
