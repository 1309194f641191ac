package dev.slotstream.gossip;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The gossip auto-configuration over Boot's Kafka one, for a node {@code node-a}; no broker. */
final class GossipContextRunner {
  private GossipContextRunner() {}

  static ApplicationContextRunner withoutBroker() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(GossipAutoConfiguration.class, KafkaAutoConfiguration.class))
        .withPropertyValues(
            "slotstream.gossip.node-id=node-a", "spring.kafka.bootstrap-servers=x:1");
  }
}
