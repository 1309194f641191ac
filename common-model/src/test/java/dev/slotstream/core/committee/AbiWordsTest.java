package dev.slotstream.core.committee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.Bytes32;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class AbiWordsTest {
  private static final Bytes32 SEED = Bytes32.fromHex("0x" + "ab".repeat(32));

  @Test
  void shouldEncodeBytes32ThenUint256BigEndian() {
    byte[] encoded = AbiWords.encode(SEED, 0x0102L);

    assertThat(encoded).hasSize(64);
    assertThat(Arrays.copyOfRange(encoded, 0, 32)).isEqualTo(SEED.toArray());
    assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(encoded, 32, 64)))
        .isEqualTo("00".repeat(30) + "0102");
  }

  @Test
  void shouldEncodeTheLargestUint256AndRefuseAnythingOutsideIt() {
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    assertThat(AbiWords.uint256(max)).containsOnly((byte) 0xff).hasSize(32);
    assertThat(AbiWords.uint256(Long.MAX_VALUE)).hasSize(32);
    assertThatThrownBy(() -> AbiWords.uint256(max.add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AbiWords.uint256(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldHashAsKeccakOfTheAbiEncoding() {
    byte[] expected = Hash.sha3(AbiWords.encode(SEED, 42));

    assertThat(AbiWords.hash(SEED, 42).toArray()).isEqualTo(expected);
    assertThat(AbiWords.hashMod(SEED, 42, 7))
        .isEqualTo(new BigInteger(1, expected).mod(BigInteger.valueOf(7)).intValue());
  }
}
