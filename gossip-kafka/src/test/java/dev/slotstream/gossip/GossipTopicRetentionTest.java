package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * The proposal and quorum topics keep their records as long as configured (PROTOCOL §13.6: what a
 * node that is behind catches up from); the other topics and every DLT keep the broker's default.
 */
class GossipTopicRetentionTest {

  private static Map<String, Map<String, String>> declared(GossipProperties properties) {
    return GossipAutoConfiguration.declaredTopics(properties, GossipTopics.from(properties))
        .stream()
        .collect(Collectors.toMap(NewTopic::name, NewTopic::configs));
  }

  @Test
  void proposalAndQuorumTopicsKeepSevenDaysByDefault() {
    Map<String, Map<String, String>> configs = declared(new GossipProperties());
    String week = Long.toString(Duration.ofDays(7).toMillis());
    assertThat(configs.get("devnet.block_proposal"))
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, week);
    assertThat(configs.get("devnet.checkpoint_proposal"))
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, week);
    assertThat(configs.get("devnet.checkpoint_quorum"))
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, week);
    assertThat(configs.get("devnet.tx")).doesNotContainKey(TopicConfig.RETENTION_MS_CONFIG);
    assertThat(configs.get("devnet.checkpoint_quorum.DLT"))
        .doesNotContainKey(TopicConfig.RETENTION_MS_CONFIG);
  }

  @Test
  void retentionIsConfigurablePerKindAndNegativeMeansForEver() {
    GossipProperties properties = new GossipProperties();
    properties.setProposalRetention(Duration.ofHours(6));
    properties.setQuorumRetention(Duration.ofMillis(-1));
    Map<String, Map<String, String>> configs = declared(properties);
    assertThat(configs.get("devnet.block_proposal"))
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "21600000");
    assertThat(configs.get("devnet.checkpoint_quorum"))
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
  }
}
