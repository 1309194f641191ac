package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A gossip listener is a static group member: restarted with the same instance id, it takes its
 * partitions back within the same group generation (no rebalance, nothing to time out).
 */
class StaticMembershipTest {
  private static final String NODE = "node-static";
  private static final String PREFIX = "it-static";
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);

  private final RandomData random = new RandomData(10);

  @Test
  void shouldRejoinWithTheSameInstanceIdAndGenerationAfterARestart() throws Exception {
    try (ConfigurableApplicationContext node = startNode(true)) {
      GossipPublisher publisher = node.getBean(GossipPublisher.class);
      GenerationProbe probe = node.getBean(GenerationProbe.class);
      // Spring Kafka suffixes each consumer of a container with -n, -0 for a single one.
      String instanceId = NODE + "." + PREFIX + "." + GenerationProbe.ID + "-0";

      Tx first = random.tx();
      publisher.publishTx(first).join();
      int generation = probe.awaitGeneration(first, SESSION_TIMEOUT);
      assertThat(members(node))
          .extracting(m -> m.groupInstanceId().orElse(null))
          .contains(instanceId);

      MessageListenerContainer container =
          node.getBean(KafkaListenerEndpointRegistry.class)
              .getListenerContainer(GenerationProbe.ID);
      container.stop();
      container.start();
      Tx second = random.tx();
      publisher.publishTx(second).join();

      // Back well within the session timeout; a dynamic member would have left and rejoined
      // (a new generation), and a crashed one would have held its partitions until it expired.
      assertThat(probe.awaitGeneration(second, SESSION_TIMEOUT.dividedBy(3))).isEqualTo(generation);
      assertThat(members(node))
          .filteredOn(m -> m.groupInstanceId().orElse("").equals(instanceId))
          .hasSize(1);
    }
  }

  @Test
  void shouldUseDynamicMembershipWhenDisabled() throws Exception {
    try (ConfigurableApplicationContext node = startNode(false)) {
      GossipPublisher publisher = node.getBean(GossipPublisher.class);
      Tx tx = random.tx();
      publisher.publishTx(tx).join();
      node.getBean(GenerationProbe.class).awaitGeneration(tx, SESSION_TIMEOUT);
      assertThat(members(node)).allSatisfy(m -> assertThat(m.groupInstanceId()).isEmpty());
    }
  }

  private static List<MemberDescription> members(ConfigurableApplicationContext node)
      throws Exception {
    try (AdminClient client =
        AdminClient.create(node.getBean(KafkaAdmin.class).getConfigurationProperties())) {
      ConsumerGroupDescription group =
          client.describeConsumerGroups(List.of(NODE)).all().get().get(NODE);
      return List.copyOf(group.members());
    }
  }

  private static ConfigurableApplicationContext startNode(boolean staticMembership) {
    String prefix = staticMembership ? PREFIX : PREFIX + "-dynamic";
    return new SpringApplicationBuilder(ProbeNode.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.kafka.bootstrap-servers=" + GossipTestInfrastructure.kafkaBootstrapServers(),
            "slotstream.gossip.network-prefix=" + prefix,
            "slotstream.gossip.node-id=" + (staticMembership ? NODE : NODE + "-dynamic"),
            "slotstream.gossip.static-membership=" + staticMembership,
            "slotstream.gossip.session-timeout=" + SESSION_TIMEOUT.toSeconds() + "s",
            "slotstream.gossip.auto-offset-reset=earliest")
        .run();
  }

  /** A node whose only listener in its group is the probe. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ProbeNode {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    GenerationProbe generationProbe() {
      return new GenerationProbe();
    }
  }

  /** Notes the group generation its consumer was in when each tx arrived. */
  static class GenerationProbe {
    static final String ID = "generation-probe";
    private final Map<Tx, Integer> generations = new ConcurrentHashMap<>();

    @KafkaListener(
        id = ID,
        idIsGroup = false,
        topics = "#{@gossipTopics.tx()}",
        containerFactory = GossipListenerContainerFactory.TX)
    void onTx(ConsumerRecord<byte[], Tx> record, Consumer<?, ?> consumer) {
      generations.put(record.value(), consumer.groupMetadata().generationId());
    }

    int awaitGeneration(Tx tx, Duration atMost) {
      return await().atMost(atMost).until(() -> generations.get(tx), g -> g != null);
    }
  }
}
