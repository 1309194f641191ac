package dev.slotstream.core.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.codec.ByteWriter;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrTest {
  /** The long fast paths of toBytes and write give the 32-byte big-endian form, like the rest. */
  @Test
  void shouldEncodeEveryValueAsItsThirtyTwoBigEndianBytes() {
    BigInteger two = BigInteger.TWO;
    for (BigInteger v :
        List.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.valueOf(255),
            BigInteger.valueOf(256),
            BigInteger.valueOf(1_000_000_007L),
            BigInteger.valueOf(Long.MAX_VALUE),
            two.pow(63),
            two.pow(64).subtract(BigInteger.ONE),
            two.pow(64),
            two.pow(248).subtract(BigInteger.ONE),
            two.pow(248),
            two.pow(253),
            Fr.MODULUS.subtract(BigInteger.ONE))) {
      Fr fr = new Fr(v);
      byte[] expected = new byte[Fr.SIZE];
      byte[] raw = v.toByteArray();
      int len = Math.min(raw.length, Fr.SIZE);
      System.arraycopy(raw, raw.length - len, expected, Fr.SIZE - len, len);

      assertThat(fr.toBytes()).as("toBytes of %s", v).isEqualTo(expected);
      ByteWriter w = new ByteWriter(Fr.SIZE);
      fr.write(w);
      assertThat(w.toByteArray()).as("write of %s", v).isEqualTo(expected);
      assertThat(Fr.fromBytes(fr.toBytes())).isEqualTo(fr);
    }
  }
}
