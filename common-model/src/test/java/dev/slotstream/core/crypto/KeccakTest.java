package dev.slotstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.types.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class KeccakTest {
  @Test
  void shouldGiveEthereumsKnownKeccak256Values() {
    assertThat(Hex.encode(Keccak.hash(new byte[0])))
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Hex.encode(Keccak.hash("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  /** Every length around the 136-byte rate (one, two and three blocks, padding in either). */
  @Test
  void shouldEqualWeb3jsKeccakForEveryLengthAroundTheRate() {
    Random random = new Random(42);
    for (int length = 0; length <= 3 * 136 + 2; length++) {
      byte[] input = new byte[length];
      random.nextBytes(input);
      assertThat(Keccak.hash(input)).as("length %d", length).isEqualTo(Hash.sha3(input));
    }
  }

  /** The two-part form hashes the concatenation, wherever it is split (lanes straddling it). */
  @Test
  void shouldHashTwoPartsAsTheirConcatenation() {
    Random random = new Random(7);
    for (int length : new int[] {0, 1, 7, 8, 9, 31, 32, 63, 64, 65, 135, 136, 137, 200, 280}) {
      byte[] input = new byte[length];
      random.nextBytes(input);
      byte[] expected = Hash.sha3(input);
      for (int split = 0; split <= length; split++) {
        byte[] first = Arrays.copyOfRange(input, 0, split);
        byte[] second = Arrays.copyOfRange(input, split, length);
        assertThat(Keccak.hash(first, second))
            .as("length %d split at %d", length, split)
            .isEqualTo(expected);
      }
    }
  }
}
