package dev.slotstream.l1publisher.tx;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * EIP-1559 pricing: {@code maxFee = min(cap, baseFee × multiplier + tip)}, and bumps of a stalled
 * transaction's fees. A bump must raise both the max fee and the tip by at least 10%, or geth's
 * pool refuses the replacement as underpriced.
 */
final class FeePolicy {
  static final BigDecimal MIN_BUMP_PERCENT = BigDecimal.TEN;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final BigInteger capWei;
  private final BigInteger fallbackTipWei;
  private final BigInteger baseFeeMultiplier;
  private final BigDecimal bumpPercent;

  FeePolicy(
      BigInteger capWei, BigInteger fallbackTipWei, int baseFeeMultiplier, BigDecimal bumpPercent) {
    this.capWei = Objects.requireNonNull(capWei, "capWei");
    this.fallbackTipWei = Objects.requireNonNull(fallbackTipWei, "fallbackTipWei");
    this.baseFeeMultiplier = BigInteger.valueOf(baseFeeMultiplier);
    this.bumpPercent = Objects.requireNonNull(bumpPercent, "bumpPercent");
    if (bumpPercent.compareTo(MIN_BUMP_PERCENT) < 0) {
      throw new IllegalArgumentException("fee bump " + bumpPercent + "% is below geth's 10%");
    }
    if (baseFeeMultiplier < 1 || capWei.signum() <= 0) {
      throw new IllegalArgumentException("base-fee multiplier and fee cap must be positive");
    }
  }

  /** Fees for the next block, given the latest base fee and the node's tip suggestion (if any). */
  Fees estimate(BigInteger baseFee, Optional<BigInteger> suggestedTip) {
    BigInteger tip = suggestedTip.filter(t -> t.signum() > 0).orElse(fallbackTipWei);
    BigInteger max = capWei.min(baseFee.multiply(baseFeeMultiplier).add(tip));
    return new Fees(max, tip.min(max));
  }

  /**
   * The fees of a replacement: the previous ones raised by the configured percentage, or the fresh
   * estimate where that is higher, within the cap. Empty when the cap leaves no room for a 10% bump.
   */
  Optional<Fees> bump(Fees previous, Fees fresh) {
    BigInteger max =
        raise(previous.maxFeePerGas(), bumpPercent).max(fresh.maxFeePerGas()).min(capWei);
    BigInteger tip =
        raise(previous.maxPriorityFeePerGas(), bumpPercent)
            .max(fresh.maxPriorityFeePerGas())
            .min(max);
    if (max.compareTo(raise(previous.maxFeePerGas(), MIN_BUMP_PERCENT)) < 0
        || tip.compareTo(raise(previous.maxPriorityFeePerGas(), MIN_BUMP_PERCENT)) < 0) {
      return Optional.empty();
    }
    return Optional.of(new Fees(max, tip));
  }

  BigInteger capWei() {
    return capWei;
  }

  static BigInteger raise(BigInteger value, BigDecimal percent) {
    return new BigDecimal(value)
        .multiply(HUNDRED.add(percent))
        .divide(HUNDRED, 0, RoundingMode.CEILING)
        .toBigIntegerExact();
  }
}
