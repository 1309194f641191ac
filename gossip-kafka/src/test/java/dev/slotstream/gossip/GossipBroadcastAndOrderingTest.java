package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes, each its own Spring context and consumer group, on topics with three partitions (so
 * ordering comes from the keys, not from there being one partition).
 */
class GossipBroadcastAndOrderingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int SLOTS = 4;
  private static final int BLOCKS_PER_SLOT = 8;

  private static ConfigurableApplicationContext nodeA;
  private static ConfigurableApplicationContext nodeB;

  private final RandomData random = new RandomData(77);

  @BeforeAll
  static void startNodes() {
    nodeA = startNode("node-a");
    nodeB = startNode("node-b");
  }

  @AfterAll
  static void stopNodes() {
    nodeA.close();
    nodeB.close();
  }

  private static ConfigurableApplicationContext startNode(String nodeId) {
    return new SpringApplicationBuilder(GossipTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.kafka.bootstrap-servers=" + GossipTestInfrastructure.kafkaBootstrapServers(),
            "slotstream.gossip.network-prefix=it-bcast",
            "slotstream.gossip.partitions=3",
            "slotstream.gossip.node-id=" + nodeId,
            "slotstream.gossip.auto-offset-reset=earliest")
        .run();
  }

  @Test
  void shouldDeliverEveryMessageToEveryNodeAndKeepEachSlotsProposalsInPublishOrder() {
    // Interleave the slots' blocks, as overlapping slots would, and publish without waiting.
    List<BlockProposal> published = new ArrayList<>();
    for (int index = 0; index < BLOCKS_PER_SLOT; index++) {
      for (int s = 0; s < SLOTS; s++) {
        published.add(blockFor(SlotNumber.of(1000 + s), index));
      }
    }
    GossipPublisher publisher = nodeA.getBean(GossipPublisher.class);
    CompletableFuture.allOf(
            published.stream()
                .map(publisher::publishBlockProposal)
                .toArray(CompletableFuture[]::new))
        .join();

    for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
      RecordingListeners received = node.getBean(RecordingListeners.class);
      await().atMost(TIMEOUT).until(() -> received.blocks.size() >= published.size());
      List<ConsumerRecord<byte[], BlockProposal>> records = received.blocks;
      assertThat(records.stream().map(ConsumerRecord::value))
          .containsExactlyInAnyOrderElementsOf(published);

      Map<SlotNumber, List<ConsumerRecord<byte[], BlockProposal>>> bySlot =
          records.stream().collect(Collectors.groupingBy(r -> GossipKeys.slotOf(r.key())));
      assertThat(bySlot).hasSize(SLOTS);
      bySlot.forEach(
          (slot, slotRecords) -> {
            assertThat(slotRecords.stream().map(r -> r.value().index()))
                .as("slot %s proposals in publish order", slot)
                .containsExactlyElementsOf(IntStream.range(0, BLOCKS_PER_SLOT).boxed().toList());
            assertThat(slotRecords.stream().map(ConsumerRecord::partition).distinct())
                .as("slot %s in one partition", slot)
                .hasSize(1);
            assertThat(slotRecords)
                .allSatisfy(r -> assertThat(r.value().slotNumber()).isEqualTo(slot));
          });
      assertThat(records)
          .allSatisfy(
              r ->
                  assertThat(GossipKafkaIntegrationTest.header(r, GossipHeaders.ORIGIN_NODE))
                      .isEqualTo("node-a"));
    }
  }

  @Test
  void shouldKeepEachSendersTxsInNonceOrderOnEveryNode() {
    List<EthAddress> senders = List.of(random.address(), random.address(), random.address());
    List<Tx> published = new ArrayList<>();
    for (long nonce = 0; nonce < 6; nonce++) {
      for (EthAddress sender : senders) {
        TxPayload p = random.txPayload();
        published.add(
            new Tx(
                new TxPayload(
                    p.chainId(), sender, nonce, p.fee(), p.transfers(), p.storageWrites()),
                random.signature()));
      }
    }
    GossipPublisher publisher = nodeB.getBean(GossipPublisher.class);
    CompletableFuture.allOf(
            published.stream().map(publisher::publishTx).toArray(CompletableFuture[]::new))
        .join();

    for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
      RecordingListeners received = node.getBean(RecordingListeners.class);
      await().atMost(TIMEOUT).until(() -> received.txs.size() >= published.size());
      assertThat(received.txs.stream().map(ConsumerRecord::value))
          .containsExactlyInAnyOrderElementsOf(published);
      for (EthAddress sender : senders) {
        assertThat(
                received.txs.stream()
                    .map(ConsumerRecord::value)
                    .filter(tx -> tx.payload().sender().equals(sender))
                    .map(tx -> tx.payload().nonce()))
            .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      }
    }
  }

  private BlockProposal blockFor(SlotNumber slot, int index) {
    GlobalVariables g = random.globals();
    GlobalVariables globals =
        new GlobalVariables(
            g.chainId(),
            g.version(),
            g.blockNumber(),
            slot,
            g.timestamp(),
            g.coinbase(),
            g.feeRecipient(),
            g.gasFees());
    return random.blockProposal(
        random.blockHeader(globals), index, random.fr(), random.fr(), random.txs(1), true);
  }
}
