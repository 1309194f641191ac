package dev.slotstream.localinfra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Kafka's own in-process KRaft broker, on a free port of 127.0.0.1. */
public final class LocalKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

  private final EmbeddedKafkaKraftBroker broker;

  private LocalKafka(EmbeddedKafkaKraftBroker broker) {
    this.broker = broker;
  }

  public static LocalKafka start() {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    // Topics are declared by the services (NewTopic beans), never created by a stray consumer.
    broker.brokerProperty("auto.create.topics.enable", "false");
    // New consumer groups join at once instead of after the default 3 s rebalance delay.
    broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
    broker.afterPropertiesSet();
    LOG.info("kafka started bootstrapServers={}", broker.getBrokersAsString());
    return new LocalKafka(broker);
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  public EmbeddedKafkaKraftBroker broker() {
    return broker;
  }

  @Override
  public void close() {
    broker.destroy();
  }
}
