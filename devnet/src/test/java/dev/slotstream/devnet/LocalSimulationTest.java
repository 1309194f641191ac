package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSimulationTest {
  @TempDir Path dir;

  @Test
  void shouldFinalizeEverySlotWithFiveBlocksExecutedByAllFourValidators() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<SlotReport> reports;
    try (LocalSimulation sim = new LocalSimulation(2, 5, dir, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      reports = sim.run();
    }
    assertThat(reports).hasSize(2);
    for (SlotReport r : reports) {
      assertThat(r.reachedQuorum()).as("slot %s quorum", r.slot).isTrue();
      assertThat(r.checkpointBlocks).isEqualTo(5);
      assertThat(r.attesters).hasSize(4);
      for (String v : List.of("v0", "v1", "v2", "v3")) {
        assertThat(r.executedBy(v).keySet()).as("%s in slot %s", v, r.slot).containsExactly(0, 1, 2, 3, 4);
      }
      // pipelined: each non-last block is executed before the proposer broadcasts the next one
      for (int i = 0; i < 3; i++) {
        for (String v : List.of("v0", "v1", "v2", "v3")) {
          assertThat(r.executedBy(v).get(i)).isBefore(r.blocks.get(i + 1).broadcastAt());
        }
      }
    }
    // consecutive checkpoints chain: every slot built on the previous slot's final archive
    assertThat(reports.get(0).archive).isNotEqualTo(reports.get(1).archive);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().filter(l -> l.contains(" block "))).hasSize(10);
    assertThat(out.lines().filter(l -> l.contains(" checkpoint PROPOSED"))).hasSize(2);
  }
}
