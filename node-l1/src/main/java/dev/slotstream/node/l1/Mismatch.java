package dev.slotstream.node.l1;

import java.util.Objects;

/**
 * One value on which this node's configuration and L1 disagree.
 *
 * @param property the configuration property as the operator wrote it (e.g. {@code
 *     slotstream.protocol.validator-seeds} when the set was given by seeds)
 * @param configured the value this node runs with
 * @param onL1 the value L1 holds
 * @param authority who says {@code onL1}: "the Rollup contract at 0x…" or "the L1 node"
 */
public record Mismatch(
    RollupValue value, String property, String configured, String onL1, String authority) {
  public Mismatch {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(configured, "configured");
    Objects.requireNonNull(onL1, "onL1");
    Objects.requireNonNull(authority, "authority");
  }

  public static Mismatch of(RollupValue value, String configured, String onL1, String authority) {
    return new Mismatch(value, value.property(), configured, onL1, authority);
  }

  /** "slotstream.protocol.X is A but the Rollup contract at 0x… says B (source)". */
  public String describe() {
    return property
        + " is "
        + configured
        + " but "
        + authority
        + " says "
        + onL1
        + " ("
        + value.l1Source()
        + ")";
  }
}
