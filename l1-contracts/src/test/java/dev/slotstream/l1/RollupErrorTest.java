package dev.slotstream.l1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RollupError} lists exactly the custom errors of the compiled ABI, with their types. */
class RollupErrorTest {
  @Test
  void enumMatchesTheCompiledAbi() throws Exception {
    Path abi =
        Path.of(
            System.getProperty("slotstream.anvil.moduleDir", "."), "target", "solc", "Rollup.abi");
    JsonNode root = new ObjectMapper().readTree(Files.readString(abi));
    List<String> fromAbi = new ArrayList<>();
    for (JsonNode entry : root) {
      if (entry.get("type").asText().equals("error")) {
        List<String> types = new ArrayList<>();
        entry.get("inputs").forEach(i -> types.add(i.get("type").asText()));
        fromAbi.add(entry.get("name").asText() + "(" + String.join(",", types) + ")");
      }
    }
    assertThat(Arrays.stream(RollupError.values()).map(RollupError::signature).toList())
        .containsExactlyInAnyOrderElementsOf(fromAbi);
  }

  @Test
  void decodesSelectorAndArguments() {
    String data =
        RollupError.INSUFFICIENT_ATTESTATIONS.selector()
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "0000000000000000000000000000000000000000000000000000000000000021";
    RollupError.Revert revert = RollupError.decode(data).orElseThrow();
    assertThat(revert.error()).isEqualTo(RollupError.INSUFFICIENT_ATTESTATIONS);
    assertThat(revert.argument(0)).isEqualTo(java.math.BigInteger.valueOf(32));
    assertThat(revert.argument(1)).isEqualTo(java.math.BigInteger.valueOf(33));
    assertThat(RollupError.WRONG_PROPOSER.selector()).hasSize(10);
    assertThat(RollupError.decode("0x12345678")).isEmpty();
    assertThat(RollupError.decode("0x")).isEmpty();
  }
}
