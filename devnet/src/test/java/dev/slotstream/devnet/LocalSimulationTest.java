package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process network on the real clock and the devnet timetable (6 s slots, 5 sub-slots of
 * 0.8 s). Every deadline the simulation waits for comes from the timetable. What this test asserts
 * about time, and the margin each assertion has on two busy cores:
 *
 * <ul>
 *   <li>pipelining: block i is executed by every validator before the proposer broadcasts block
 *       i+1. The margin is one sub-slot ({@code blockDuration}, 0.8 s) minus the re-execution of
 *       one block of 5 transfers (a few milliseconds): a validator would have to stall for most of
 *       a sub-slot to miss it;
 *   <li>quorum within the slot: a slot's report is taken at its end, so the checkpoint (broadcast
 *       at the checkpoint proposal deadline) must be re-executed and attested by three validators
 *       before {@code slotEnd}: that margin is {@code slotEnd − checkpointProposalDeadline}, checked
 *       here to be at least a second;
 *   <li>the run itself is bounded by {@code slots × slotDuration + 30 s} inside the simulation.
 * </ul>
 *
 * Everything else (the chaining of checkpoints, block numbers, who executed what) is asserted on the
 * signed proposals themselves and does not depend on timing.
 */
class LocalSimulationTest {
  @TempDir Path dir;

  @Test
  void shouldFinalizeEverySlotWithFiveBlocksExecutedByAllFourValidators() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<SlotReport> reports;
    Timetable timetable;
    try (LocalSimulation sim =
        new LocalSimulation(3, 5, dir, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      timetable = sim.context().timetable();
      reports = sim.run();
    }
    Duration subSlot = timetable.config().blockDuration();
    assertThat(subSlot).isEqualTo(Duration.ofMillis(800));
    assertThat(reports).hasSize(3);
    int totalBlocks = 0;
    for (SlotReport r : reports) {
      assertThat(
              Duration.between(
                  timetable.checkpointProposalDeadline(r.slot), timetable.slotEnd(r.slot)))
          .as("time left to attest in slot %s", r.slot)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(r.reachedQuorum()).as("slot %s quorum", r.slot).isTrue();
      // five sub-slots; one whose build would start after it ended is skipped (BuildPace), which
      // a loaded machine does: the checkpoint then holds fewer blocks, numbered without a gap
      int n = r.checkpointBlocks;
      assertThat(n).as("blocks of slot %s", r.slot).isBetween(2, 5);
      totalBlocks += n;
      List<Integer> indices = java.util.stream.IntStream.range(0, n).boxed().toList();
      assertThat(r.attesters).hasSize(4);
      for (String v : List.of("v0", "v1", "v2", "v3")) {
        assertThat(r.executedBy(v).keySet())
            .as("%s in slot %s", v, r.slot)
            .containsExactlyElementsOf(indices);
      }
      // pipelined: each non-last block is executed before the proposer broadcasts the next one
      // (margin: one sub-slot, see the class comment), once the JVMs are warm: the first slot's
      // blocks wait on class loading and JIT, which a loaded machine stretches past a sub-slot
      for (int i = 0; i < (r == reports.get(0) ? 0 : n - 2); i++) {
        // built in its own sub-slot, not all at once: never before that sub-slot starts (a lower
        // bound the scheduler guarantees; how soon after is the machine's business)
        assertThat(r.blocks.get(i + 1).broadcastAt())
            .as("slot %s: block %d broadcast in its own sub-slot", r.slot, i + 1)
            .isAfterOrEqualTo(timetable.blockStart(r.slot, i + 1));
        for (String v : List.of("v0", "v1", "v2", "v3")) {
          assertThat(r.executedBy(v).get(i)).isBefore(r.blocks.get(i + 1).broadcastAt());
        }
      }
    }

    // The chain, on the signed proposals: within a slot each block builds on the previous block's
    // archive with the next block number; the first block of slot 0 builds on genesis; each slot's
    // checkpoint builds on the previous slot's checkpoint archive.
    Fr parentArchive = genesisArchive();
    long parentBlockNumber = 0;
    for (SlotReport r : reports) {
      CheckpointProposal checkpoint = r.checkpoint;
      assertThat(checkpoint).as("slot %s checkpoint", r.slot).isNotNull();
      assertThat(checkpoint.slotNumber()).isEqualTo(r.slot);
      assertThat(checkpoint.payload().header().lastArchiveRoot())
          .as("slot %s checkpoint header's lastArchiveRoot", r.slot)
          .isEqualTo(parentArchive);
      List<BlockProposal> blocks = new ArrayList<>(r.proposals.values());
      blocks.add(checkpoint.lastBlock());
      assertThat(blocks)
          .extracting(BlockProposal::index)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(0, r.checkpointBlocks).boxed().toList());
      for (BlockProposal b : blocks) {
        assertThat(b.payload().blockHeader().lastArchive().root())
            .as("slot %s block %d builds on its parent", r.slot, b.index())
            .isEqualTo(parentArchive);
        assertThat(b.payload().blockNumber().value())
            .as("slot %s block %d number", r.slot, b.index())
            .isEqualTo(parentBlockNumber + 1);
        parentArchive = b.payload().archiveRoot();
        parentBlockNumber = b.payload().blockNumber().value();
      }
      assertThat(checkpoint.payload().archive()).isEqualTo(parentArchive).hasToString(r.archive);
    }
    assertThat(reports.get(1).slot).isEqualTo(reports.get(0).slot.next());
    assertThat(reports.get(2).slot).isEqualTo(reports.get(1).slot.next());
    assertThat(parentBlockNumber).isEqualTo(totalBlocks);

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().filter(l -> l.contains(" block "))).hasSize(totalBlocks);
    assertThat(out.lines().filter(l -> l.contains(" checkpoint PROPOSED"))).hasSize(3);
  }

  /** The archive root after the simulation's genesis block: the same users and balances. */
  private static Fr genesisArchive() {
    Map<EthAddress, Long> balances = new LinkedHashMap<>();
    for (int i = 0; i < LocalSimulation.USERS; i++) {
      balances.put(SigningKey.fromSeed("user-" + i).address(), LocalSimulation.USER_BALANCE);
    }
    return WorldState.genesis(LocalSimulation.CHAIN_ID, LocalSimulation.VERSION, balances)
        .latest()
        .archiveRoot();
  }
}
