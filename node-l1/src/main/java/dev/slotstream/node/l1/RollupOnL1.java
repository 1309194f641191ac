package dev.slotstream.node.l1;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import java.util.List;
import java.util.Optional;

/**
 * What L1 says, read once: the node's chain id, and the contract's parameters when there is code
 * at the rollup address (empty otherwise).
 */
public record RollupOnL1(long chainId, Optional<Contract> contract) {

  /**
   * The Rollup's immutables and, for {@code epoch}, its validator set and committee in contract
   * order.
   */
  public record Contract(
      long genesisTime,
      long slotDuration,
      long epochLength,
      Bytes32 baseSeed,
      long targetCommitteeSize,
      EpochNumber epoch,
      List<EthAddress> validators,
      List<EthAddress> committee,
      Bytes32 domainSeparator) {
    public Contract {
      validators = List.copyOf(validators);
      committee = List.copyOf(committee);
    }
  }
}
