package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.types.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldHashTest {
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  @Test
  void shouldReduceLikeBigIntegerModAtTheEdgesAndForRandomValues() {
    BigInteger p = Fr.MODULUS;
    List<BigInteger> values = new ArrayList<>();
    for (int k = 0; k <= 5; k++) {
      BigInteger kp = p.multiply(BigInteger.valueOf(k));
      for (BigInteger v : List.of(kp.subtract(BigInteger.ONE), kp, kp.add(BigInteger.ONE))) {
        if (v.signum() >= 0 && v.compareTo(TWO_256) < 0) {
          values.add(v);
        }
      }
    }
    values.add(TWO_256.subtract(BigInteger.ONE));
    // Limb borrows: values whose low limbs are all zero or all ones just above a multiple.
    values.add(p.add(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
    values.add(p.multiply(BigInteger.TWO).add(BigInteger.ONE.shiftLeft(128)));
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      values.add(new BigInteger(256, random));
    }
    for (BigInteger v : values) {
      byte[] reduced = FieldHash.reduceBytes(FieldHash.toBytes32(v));
      assertThat(reduced).hasSize(32);
      assertThat(new BigInteger(1, reduced)).as("%s", v.toString(16)).isEqualTo(v.mod(p));
    }
  }
}
