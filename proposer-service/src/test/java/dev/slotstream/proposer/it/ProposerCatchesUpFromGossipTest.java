package dev.slotstream.proposer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.ChainTip;
import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.testing.CertifiedSlots;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.proposer.ProposerApplication;
import dev.slotstream.proposer.sequencer.ProposalTracker;
import dev.slotstream.proposer.testing.ManualTimeConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.utils.ContainerTestUtils;

/**
 * PROTOCOL §13.6 for a proposer (same node-chain wiring as a validator), without L1: restarted with
 * an empty chain while the network certified two slots, it re-executes them from the gossip log
 * before its sequencer starts, so its next proposal builds on the network's latest certified
 * archive, never on its stale genesis tip (which the network would not attest to).
 */
@ExtendWith(GossipTestInfrastructure.class)
class ProposerCatchesUpFromGossipTest {
  private static final String PREFIX = "proposer-gossip-catchup";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path signingRecord;

  /** The network of common-model's harness (keys, genesis accounts, timetable); all four keys. */
  private ConfigurableApplicationContext start(Instant clockStart) {
    Map<String, Object> p = new HashMap<>(TestNetwork.protocolProperties());
    p.putAll(MbpsHarness.genesisProperties());
    p.put("server.port", "0");
    p.put("spring.kafka.bootstrap-servers", GossipTestInfrastructure.kafkaBootstrapServers());
    p.put("slotstream.gossip.network-prefix", PREFIX);
    p.put("slotstream.gossip.node-id", "proposer-behind");
    p.put("slotstream.node.key-seeds", "validator-0,validator-1,validator-2,validator-3");
    p.put("slotstream.chain.signing-record-dir", signingRecord.toString());
    p.put(ManualTimeConfiguration.START_PROPERTY, clockStart.toString());
    return new SpringApplicationBuilder(ProposerApplication.class, ManualTimeConfiguration.class)
        .initializers(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("proposer-under-test", p)))
        .run();
  }

  /** The certified slots on the topics, each record at the instant the network published it. */
  private static void publish(GossipTopics topics, List<CertifiedSlots.Slot> slots)
      throws Exception {
    String servers = GossipTestInfrastructure.kafkaBootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      List<NewTopic> all = new ArrayList<>();
      topics.all().forEach(t -> all.add(new NewTopic(t, 1, (short) 1)));
      admin.createTopics(all).all().get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (CertifiedSlots.Slot s : slots) {
        byte[] key = GossipKeys.slot(s.slot());
        for (int i = 0; i < s.blocks().size(); i++) {
          send(
              producer,
              topics.blockProposal(),
              key,
              s.blocks().get(i).encode(),
              s.blockTimes().get(i));
        }
        send(producer, topics.checkpointProposal(), key, s.checkpoint().encode(), s.checkpointAt());
        send(
            producer,
            topics.name(GossipTopic.CHECKPOINT_QUORUM),
            key,
            s.quorum().encode(),
            s.quorumAt());
      }
    }
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, byte[] key, byte[] value, Instant at)
      throws Exception {
    producer
        .send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value))
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void aProposerBehindTheNetworkCatchesUpFromTheLogAndProposesOnTheLatestCertifiedArchive()
      throws Exception {
    Timetable timetable = new Timetable(TimetableConfig.devnet(TestNetwork.GENESIS));
    SlotNumber first = SlotNumber.of(timetable.slotAt(Instant.now()).orElseThrow().value() + 3);
    MbpsHarness h = new MbpsHarness(first);
    List<CertifiedSlots.Slot> certified = CertifiedSlots.build(h, first, 2, 1);
    ChainTip network = h.proposerChain.tip();
    SlotNumber next = SlotNumber.of(first.value() + 2);
    publish(new GossipTopics(PREFIX, ".DLT"), certified);

    try (TopicRecorder topics = new TopicRecorder(PREFIX);
        ConfigurableApplicationContext node = start(timetable.slotStart(next))) {
      // Start-up waited for the catch-up: the sequencer starts on the network's tip.
      assertThat(node.getBean(ChainStore.class).tip()).isEqualTo(network);
      // A listener consumer closed while it still joins its group takes 30 s to stop.
      node.getBean(KafkaListenerEndpointRegistry.class)
          .getListenerContainers()
          .forEach(c -> ContainerTestUtils.waitForAssignment(c, 1));

      node.getBean(ManualDutyScheduler.class).advanceTo(timetable.attestationDeadline(next));
      ProposalTracker tracker = node.getBean(ProposalTracker.class);
      assertThat(
              await()
                  .atMost(TIMEOUT)
                  .until(() -> tracker.outcome(next), Optional::isPresent)
                  .orElseThrow()
                  .status())
          .isEqualTo(ProposalStatus.PROPOSED);

      await().atMost(TIMEOUT).until(() -> topics.poll().checkpointsOf(next).size() == 1);
      CheckpointProposal checkpoint = topics.checkpointsOf(next).get(0).value();
      assertThat(checkpoint.payload().header().lastArchiveRoot()).isEqualTo(network.archiveRoot());
      List<BlockProposal> blocks =
          topics.blocksOf(next).stream().map(TopicRecorder.Received::value).toList();
      assertThat(blocks).isNotEmpty();
      assertThat(blocks.get(0).payload().blockHeader().lastArchive().root())
          .isEqualTo(network.archiveRoot());
      assertThat(blocks.get(0).payload().blockHeader().globalVariables().blockNumber())
          .isEqualTo(network.blockNumber().next());
    }
  }
}
