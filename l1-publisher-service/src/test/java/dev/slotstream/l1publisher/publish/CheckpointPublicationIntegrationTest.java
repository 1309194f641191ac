package dev.slotstream.l1publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.gossip.testing.ManualClockConfiguration;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import dev.slotstream.l1publisher.L1PublisherApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.utils.ContainerTestUtils;

/**
 * A certified checkpoint goes all the way to L1: real proposals and a real quorum on the in-process
 * broker, a publisher service that re-executes them without keys, verifies the quorum and sends
 * {@code propose} to the real Rollup contract on a real Anvil; with two publisher instances, one
 * lands it and the other stands by.
 */
class CheckpointPublicationIntegrationTest {
  private static final Timetable TIMETABLE =
      new Timetable(TimetableConfig.devnet(TestNetwork.GENESIS));

  /** Anvil's second dev key: the publisher's (the first deploys the contract). */
  private static final String PUBLISHER_KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  private static LocalAnvil anvil;
  private static L1Client l1;
  private static Rollup rollup;

  @BeforeAll
  static void deployRollup() throws Exception {
    anvil = LocalAnvil.start();
    l1 = L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY);
    MbpsHarness h = new MbpsHarness();
    rollup =
        l1.deployRollup(
            new RollupConfig(
                h.network.keys().stream().map(SigningKey::address).toList(),
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                TestNetwork.SEED,
                TestNetwork.GENESIS.getEpochSecond(),
                TIMETABLE.slotDuration().toSeconds(),
                TIMETABLE.config().epochLength(),
                h.genesis().latest().archiveRoot()));
    assertThat(EthAddress.fromHex(rollup.getContractAddress())).isEqualTo(TestNetwork.ROLLUP);
  }

  @AfterAll
  static void stopAnvil() {
    if (l1 != null) {
      l1.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  private static ConfigurableApplicationContext startPublisher(
      String prefix, String nodeId, Path dir, Instant clockStart) {
    Map<String, Object> p = new HashMap<>();
    p.put("spring.kafka.bootstrap-servers", GossipTestInfrastructure.kafkaBootstrapServers());
    p.put("server.port", "0");
    p.put("slotstream.gossip.network-prefix", prefix);
    p.put("slotstream.gossip.node-id", nodeId);
    p.put("slotstream.gossip.auto-offset-reset", "earliest");
    p.putAll(TestNetwork.protocolProperties());
    p.putAll(MbpsHarness.genesisProperties());
    p.put("slotstream.chain.signing-record-dir", dir.resolve(nodeId).toString());
    p.put("slotstream.l1.rpc-url", anvil.rpcUrl());
    p.put("slotstream.l1.private-key", PUBLISHER_KEY);
    // Anvil mines on demand here, so no block would ever bury the receipt.
    p.put("slotstream.l1.confirmations", "0");
    p.put(ManualClockConfiguration.START_PROPERTY, clockStart.toString());
    return new SpringApplicationBuilder(
            L1PublisherApplication.class, ManualClockConfiguration.class)
        .initializers(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("publisher", p)))
        .run();
  }

  /** Every listener of the node's own group; the leadership listener's partition goes to one node only. */
  private static void awaitAssigned(ConfigurableApplicationContext context) {
    context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().stream()
        .filter(c -> !PublisherLeadership.LISTENER_ID.equals(c.getListenerId()))
        .forEach(c -> ContainerTestUtils.waitForAssignment(c, 1));
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, GossipTestInfrastructure.kafkaBootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(p);
  }

  @Test
  void shouldLandEachCertifiedCheckpointOnL1ExactlyOnceFromOneOfTwoPublishers(@TempDir Path dir)
      throws Exception {
    SlotNumber slot = SlotNumber.of(TIMETABLE.slotAt(Instant.now()).orElseThrow().value() + 3);
    Instant slotStart = TIMETABLE.slotStart(slot);
    MbpsHarness h = new MbpsHarness(slot);
    h.proposeSlot(slot, 2, true);
    List<BlockProposal> blocks = h.blocksOf(slot);
    CheckpointProposal checkpoint = h.checkpointOf(slot);
    List<CheckpointAttestation> attestations = new ArrayList<>();
    h.network.keys().forEach(k -> attestations.add(h.context.signer().attest(checkpoint, k)));
    CheckpointQuorum quorum = h.quorum(attestations);
    String prefix = "l1p-" + slot.value();
    GossipTopics topics = new GossipTopics(prefix, ".DLT");

    try (ConfigurableApplicationContext first =
            startPublisher(prefix, "publisher-a", dir, slotStart.minusSeconds(1));
        ConfigurableApplicationContext second =
            startPublisher(prefix, "publisher-b", dir, slotStart.minusSeconds(1));
        KafkaProducer<byte[], byte[]> producer = producer()) {
      awaitAssigned(first);
      awaitAssigned(second);
      List<ConfigurableApplicationContext> publishers = List.of(first, second);
      // One member of the shared leader group owns the (single) quorum partition.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  publishers.stream()
                          .filter(c -> c.getBean(PublisherLeadership.class).isLeaderOfAny())
                          .count()
                      == 1);

      // L1's clock is in the slot before anything is sent (Anvil mines on demand).
      l1.setNextBlockTimestamp(slotStart.getEpochSecond() + 1);
      l1.mine();

      for (int i = 0; i < blocks.size(); i++) {
        Instant at = h.blockBroadcastTimes.get(i);
        publishers.forEach(c -> c.getBean(ManualDutyScheduler.class).advanceTo(at));
        producer
            .send(record(topics.name(GossipTopic.BLOCK_PROPOSAL), slot, blocks.get(i).encode(), at))
            .get();
      }
      Instant checkpointAt = TIMETABLE.checkpointProposalDeadline(slot);
      publishers.forEach(c -> c.getBean(ManualDutyScheduler.class).advanceTo(checkpointAt));
      producer
          .send(
              record(
                  topics.name(GossipTopic.CHECKPOINT_PROPOSAL),
                  slot,
                  checkpoint.encode(),
                  checkpointAt))
          .get();
      for (ConfigurableApplicationContext c : publishers) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> c.getBean(ChainStore.class).pendingCount() == 1);
      }
      Instant quorumAt = TIMETABLE.attestationDeadline(slot);
      publishers.forEach(c -> c.getBean(ManualDutyScheduler.class).advanceTo(quorumAt));
      producer
          .send(record(topics.name(GossipTopic.CHECKPOINT_QUORUM), slot, quorum.encode(), quorumAt))
          .get();

      ConfigurableApplicationContext leader =
          publishers.stream()
              .filter(c -> c.getBean(PublisherLeadership.class).isLeaderOfAny())
              .findFirst()
              .orElseThrow();
      ConfigurableApplicationContext standby = leader == first ? second : first;
      Publication landed =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> leader.getBean(PublicationStore.class).get(slot),
                  p -> p.isPresent() && p.get().status() != PublicationStatus.PENDING)
              .orElseThrow();
      assertThat(landed.status()).as(landed.detail()).isEqualTo(PublicationStatus.LANDED);
      assertThat(landed.l1TxHash()).isPresent();
      assertThat(landed.gasUsed()).hasValueSatisfying(g -> assertThat(g).isPositive());

      var tip = rollup.tip().send();
      assertThat(tip.component1().longValueExact()).isEqualTo(1);
      assertThat(tip.component2().longValueExact()).isEqualTo(slot.value());
      assertThat(dev.slotstream.core.types.Fr.fromBytes(tip.component3()))
          .isEqualTo(checkpoint.payload().archive());

      // Both nodes made the checkpoint final; only the leader sent anything.
      for (ConfigurableApplicationContext c : publishers) {
        assertThat(c.getBean(ChainStore.class).tip().archiveRoot())
            .isEqualTo(checkpoint.payload().archive());
      }
      assertThat(standby.getBean(PublicationStore.class).get(slot)).isEmpty();
      assertThat(count(standby, "not_leader")).isEqualTo(1);
      assertThat(count(leader, "landed")).isEqualTo(1);

      String view =
          new org.springframework.web.client.RestTemplate()
              .getForObject(
                  "http://127.0.0.1:"
                      + leader.getEnvironment().getProperty("local.server.port")
                      + "/api/v1/publications/"
                      + slot.value(),
                  String.class);
      assertThat(view).contains("\"status\":\"LANDED\"").contains(landed.l1TxHash().orElseThrow());
    }
  }

  private static double count(ConfigurableApplicationContext c, String outcome) {
    var counter =
        c.getBean(MeterRegistry.class)
            .find(CheckpointPublisher.PUBLICATIONS)
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static ProducerRecord<byte[], byte[]> record(
      String topic, SlotNumber slot, byte[] value, Instant at) {
    return new ProducerRecord<>(topic, null, at.toEpochMilli(), GossipKeys.slot(slot), value);
  }
}
