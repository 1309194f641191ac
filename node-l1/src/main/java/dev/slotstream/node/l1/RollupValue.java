package dev.slotstream.node.l1;

/**
 * The values a node's configuration and the Rollup contract (or the L1 node) must agree on, each
 * named by the configuration property an operator fixes when they disagree.
 */
public enum RollupValue {
  CHAIN_ID("slotstream.protocol.chain-id", "eth_chainId"),
  ROLLUP_ADDRESS("slotstream.protocol.rollup-address", "eth_getCode, eth_call"),
  GENESIS_TIME("slotstream.protocol.genesis-time", "genesisTime()"),
  SLOT_DURATION("slotstream.protocol.timetable.slot-duration", "slotDuration()"),
  EPOCH_LENGTH("slotstream.protocol.timetable.epoch-length", "epochLength()"),
  BASE_SEED("slotstream.protocol.base-seed", "baseSeed()"),
  COMMITTEE_SIZE("slotstream.protocol.committee-size", "targetCommitteeSize()"),
  VALIDATORS("slotstream.protocol.validators", "validatorsAt(epoch)"),
  COMMITTEE("the committee drawn from slotstream.protocol.*", "getCommittee(epoch)"),
  DOMAIN_SEPARATOR(
      "the EIP-712 domain separator of slotstream.protocol.chain-id and rollup-address",
      "domainSeparator()");

  private final String property;
  private final String l1Source;

  RollupValue(String property, String l1Source) {
    this.property = property;
    this.l1Source = l1Source;
  }

  /** The configuration property (or what is derived from them) the node holds this value in. */
  public String property() {
    return property;
  }

  /** The contract function or JSON-RPC method L1's value comes from. */
  public String l1Source() {
    return l1Source;
  }
}
