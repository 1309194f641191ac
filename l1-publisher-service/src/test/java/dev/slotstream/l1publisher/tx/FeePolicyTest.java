package dev.slotstream.l1publisher.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeePolicyTest {
  private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger CAP = GWEI.multiply(BigInteger.valueOf(100));
  private final FeePolicy policy = new FeePolicy(CAP, GWEI, 2, new BigDecimal("12.5"));

  private static BigInteger gwei(long n) {
    return GWEI.multiply(BigInteger.valueOf(n));
  }

  @Test
  void maxFeeIsTwiceTheBaseFeePlusTheNodesTip() {
    assertThat(policy.estimate(gwei(10), Optional.of(gwei(2))))
        .isEqualTo(new Fees(gwei(22), gwei(2)));
  }

  @Test
  void fallsBackToTheConfiguredTipAndNeverExceedsTheCap() {
    assertThat(policy.estimate(gwei(10), Optional.empty())).isEqualTo(new Fees(gwei(21), gwei(1)));
    assertThat(policy.estimate(gwei(80), Optional.of(gwei(2)))).isEqualTo(new Fees(CAP, gwei(2)));
  }

  @Test
  void bumpsBothFeesByTheConfiguredPercentOrToTheFreshEstimate() {
    Fees previous = new Fees(gwei(8), gwei(2));
    assertThat(policy.bump(previous, new Fees(gwei(3), gwei(1))))
        .contains(new Fees(gwei(9), new BigInteger("2250000000")));
    assertThat(policy.bump(previous, new Fees(gwei(30), gwei(3))))
        .contains(new Fees(gwei(30), gwei(3)));
  }

  @Test
  void refusesABumpTheCapSqueezesBelowTenPercent() {
    assertThat(policy.bump(new Fees(gwei(95), gwei(1)), new Fees(gwei(1), gwei(1)))).isEmpty();
    assertThat(policy.bump(new Fees(gwei(90), gwei(1)), new Fees(gwei(1), gwei(1))))
        .contains(new Fees(CAP, new BigInteger("1125000000")));
  }

  @Test
  void refusesBumpsBelowGethsTenPercent() {
    assertThatThrownBy(() -> new FeePolicy(CAP, GWEI, 2, BigDecimal.valueOf(9)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
