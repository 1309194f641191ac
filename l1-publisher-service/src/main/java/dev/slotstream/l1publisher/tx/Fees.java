package dev.slotstream.l1publisher.tx;

import java.math.BigInteger;
import java.util.Objects;

/** EIP-1559 fees of one transaction, in wei. */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
  public Fees {
    Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
    Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    if (maxFeePerGas.signum() < 0 || maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
      throw new IllegalArgumentException(
          "need 0 <= tip <= maxFee: " + maxPriorityFeePerGas + ", " + maxFeePerGas);
    }
  }
}
