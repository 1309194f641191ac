package dev.slotstream.node.l1;

import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;

/** The start-up check passed: at {@code epoch}, L1 and this node's configuration agreed. */
public record VerifiedRollup(long chainId, EthAddress rollupAddress, EpochNumber epoch) {}
