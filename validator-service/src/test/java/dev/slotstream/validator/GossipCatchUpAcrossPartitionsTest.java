package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.catchup.GossipCatchUp;
import dev.slotstream.core.catchup.GossipHistory.Published;
import dev.slotstream.core.catchup.GossipSync;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.CertifiedSlots;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.node.chain.KafkaGossipHistory;
import dev.slotstream.validator.testing.GossipProbe;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §13.6 with {@code slotstream.gossip.partitions} above 1 (a supported setting, §13.1), on
 * the in-process broker: {@link KafkaGossipHistory} reads every partition of a topic, so a slot's
 * records are found whichever partitions they are on, and a read of at most n quorums gives the n
 * earliest across partitions, not the first n one partition happens to return.
 */
class GossipCatchUpAcrossPartitionsTest {
  private static final String PREFIX = "vs-catchup-partitions";
  private static final int PARTITIONS = 3;

  private static KafkaGossipHistory history(GossipProbe probe) {
    return new KafkaGossipHistory(
        KafkaGossipHistory.consumers(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                GossipTestInfrastructure.kafkaBootstrapServers()),
            "partitions-test"),
        probe.topics(),
        Duration.ofSeconds(10));
  }

  private static SlotNumber soon() {
    return SlotNumber.of(
        ValidatorContextTestBase.TIMETABLE.slotAt(Instant.now()).orElseThrow().value() + 3);
  }

  @Test
  void aNodeCatchesUpFromSlotsWhoseRecordsAreSpreadOverPartitions() {
    SlotNumber first = soon();
    MbpsHarness h = new MbpsHarness(first);
    Timetable timetable = h.context.timetable();
    List<CertifiedSlots.Slot> slots = CertifiedSlots.build(h, first, 3, 1);
    try (GossipProbe probe = new GossipProbe(PREFIX).createTopics(PARTITIONS);
        KafkaGossipHistory history = history(probe)) {
      for (int k = 0; k < slots.size(); k++) {
        CertifiedSlots.Slot s = slots.get(k);
        byte[] key = GossipKeys.slot(s.slot());
        // Block i of slot k on partition (k + i) % 3: every slot has blocks on every partition.
        for (int i = 0; i < s.blocks().size(); i++) {
          probe.publishTo(
              GossipTopic.BLOCK_PROPOSAL,
              (k + i) % PARTITIONS,
              key,
              s.blocks().get(i).encode(),
              s.blockTimes().get(i));
        }
        probe.publishTo(
            GossipTopic.CHECKPOINT_PROPOSAL,
            (k + 1) % PARTITIONS,
            key,
            s.checkpoint().encode(),
            s.checkpointAt());
        probe.publishTo(
            GossipTopic.CHECKPOINT_QUORUM,
            (k + 2) % PARTITIONS,
            key,
            s.quorum().encode(),
            s.quorumAt());
      }

      CertifiedSlots.Slot middle = slots.get(1);
      Instant opens = timetable.quorumWindow(middle.slot()).opensAt();
      Instant closes = timetable.quorumWindow(middle.slot()).closesAt();
      assertThat(
              history.blockProposals(middle.slot(), opens, closes).stream()
                  .map(p -> p.message().id()))
          .containsExactlyInAnyOrderElementsOf(
              middle.blocks().stream().map(BlockProposal::id).toList());
      assertThat(history.checkpointProposals(middle.slot(), opens, closes))
          .extracting(p -> p.message())
          .containsExactly(middle.checkpoint());

      ChainStore behind = new ChainStore(h.genesis());
      GossipCatchUp catchUp =
          new GossipCatchUp(
              h.context,
              behind,
              h.checkpointsBuilder(),
              history,
              hashes -> CompletableFuture.failedFuture(new IllegalStateException("no pool")),
              Duration.ofMillis(10),
              new GossipSync());
      GossipCatchUp.Result result = catchUp.run();

      assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.SYNCED);
      assertThat(result.committed()).isEqualTo(3);
      assertThat(behind.tip()).isEqualTo(h.proposerChain.tip());
      assertThat(behind.worldState().latest().stateReference())
          .isEqualTo(h.proposerChain.worldState().latest().stateReference());
    }
  }

  @Test
  void aReadOfAtMostNQuorumsGivesTheNEarliestAcrossPartitions() {
    SlotNumber first = soon();
    MbpsHarness h = new MbpsHarness(first);
    List<CertifiedSlots.Slot> slots = CertifiedSlots.build(h, first, 3, 1);
    try (GossipProbe probe = new GossipProbe(PREFIX + "-max").createTopics(PARTITIONS);
        KafkaGossipHistory history = history(probe)) {
      // Partition p holds slot p's quorum, then a later copy of it (a second publisher): the
      // three earliest records are one per partition.
      Instant later = slots.get(2).quorumAt().plusSeconds(1);
      for (int p = 0; p < PARTITIONS; p++) {
        CertifiedSlots.Slot s = slots.get(p);
        byte[] key = GossipKeys.slot(s.slot());
        probe.publishTo(GossipTopic.CHECKPOINT_QUORUM, p, key, s.quorum().encode(), s.quorumAt());
        probe.publishTo(
            GossipTopic.CHECKPOINT_QUORUM, p, key, s.quorum().encode(), later.plusMillis(p));
      }

      List<Published<CheckpointQuorum>> read =
          history.quorumsFrom(slots.get(0).quorumAt(), PARTITIONS);

      assertThat(read)
          .extracting(p -> p.publishedAt())
          .containsExactly(
              slots.get(0).quorumAt(), slots.get(1).quorumAt(), slots.get(2).quorumAt());
      assertThat(history.quorumsFrom(slots.get(0).quorumAt(), 256)).hasSize(2 * PARTITIONS);
    }
  }
}
