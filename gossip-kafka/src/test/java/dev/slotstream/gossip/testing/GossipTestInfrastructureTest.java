package dev.slotstream.gossip.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GossipTestInfrastructure.class)
class GossipTestInfrastructureTest {

  @Test
  void shouldStartARedisThatAnswersPing() throws Exception {
    assertThat(GossipTestInfrastructure.redisPort()).isPositive();
    assertThat(
            GossipTestInfrastructure.ping(
                GossipTestInfrastructure.redisHost(), GossipTestInfrastructure.redisPort()))
        .isEqualTo("+PONG");
  }

  @Test
  void shouldStartAKafkaBrokerReachableAtItsBootstrapServers() throws Exception {
    try (AdminClient admin =
        AdminClient.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                GossipTestInfrastructure.kafkaBootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get()).hasSize(1);
    }
  }
}
