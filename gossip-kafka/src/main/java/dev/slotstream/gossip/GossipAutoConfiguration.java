package dev.slotstream.gossip;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import dev.slotstream.core.codec.DecodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Gossip over Kafka for every Slotstream service: topics, publisher, typed listener container
 * factories ({@link GossipListenerContainerFactory}), the dead-lettering error handler and {@link
 * GossipRejections}.
 *
 * <p>Runs before Boot's {@link KafkaAutoConfiguration}: the gossip producer factory and template
 * take the place of Boot's default ones (which would serialize Strings); Boot's KafkaAdmin still
 * creates the topics declared here, from {@code spring.kafka.*} connection settings.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties({GossipProperties.class, KafkaProperties.class})
@Import(GossipListenerContainerFactory.class)
public class GossipAutoConfiguration {
  public static final String PRODUCER_FACTORY = "gossipProducerFactory";
  public static final String TEMPLATE = "gossipKafkaTemplate";
  public static final String DEAD_LETTER_RECOVERER = "gossipDeadLetterPublishingRecoverer";
  public static final String ERROR_HANDLER = "gossipErrorHandler";

  @Bean
  @ConditionalOnMissingBean
  public GossipTopics gossipTopics(GossipProperties properties) {
    return GossipTopics.from(properties);
  }

  /**
   * Every gossip topic and its dead-letter topic, same partition count (so a record's DLT copy can
   * keep its partition).
   */
  @Bean
  @ConditionalOnProperty(
      prefix = "slotstream.gossip",
      name = "create-topics",
      havingValue = "true",
      matchIfMissing = true)
  public KafkaAdmin.NewTopics gossipNewTopics(GossipProperties properties, GossipTopics topics) {
    List<NewTopic> declared = new ArrayList<>();
    for (GossipTopic topic : GossipTopic.values()) {
      for (String name : List.of(topics.name(topic), topics.deadLetter(topic))) {
        declared.add(
            TopicBuilder.name(name)
                .partitions(properties.getPartitions())
                .replicas(properties.getReplicationFactor())
                .build());
      }
    }
    return new KafkaAdmin.NewTopics(declared.toArray(NewTopic[]::new));
  }

  @Bean(PRODUCER_FACTORY)
  public ProducerFactory<byte[], Object> gossipProducerFactory(
      KafkaProperties kafkaProperties, ObjectProvider<SslBundles> sslBundles) {
    Map<String, Object> config = kafkaProperties.buildProducerProperties(sslBundles.getIfAvailable());
    config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    // Ordering per key survives retries only with idempotence (the Kafka default; made explicit).
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    return new DefaultKafkaProducerFactory<>(
        config, ByteArraySerializer::new, GossipCodec::anyMessageSerializer);
  }

  @Bean(TEMPLATE)
  public KafkaTemplate<byte[], Object> gossipKafkaTemplate(
      @Qualifier(PRODUCER_FACTORY) ProducerFactory<byte[], Object> producerFactory) {
    return new KafkaTemplate<>(producerFactory);
  }

  @Bean
  @ConditionalOnMissingBean
  public GossipPublisher gossipPublisher(
      @Qualifier(TEMPLATE) KafkaOperations<byte[], Object> template,
      GossipTopics topics,
      GossipProperties properties) {
    return new GossipPublisher(template, topics, properties.getNodeId());
  }

  /**
   * Publishes a rejected record to {@code <topic>.DLT}, keeping its key and partition-by-key (no
   * explicit partition, so a DLT with a different partition count still works).
   */
  @Bean(DEAD_LETTER_RECOVERER)
  public DeadLetterPublishingRecoverer gossipDeadLetterPublishingRecoverer(
      @Qualifier(TEMPLATE) KafkaOperations<byte[], Object> template, GossipTopics topics) {
    return new DeadLetterPublishingRecoverer(
        template, (record, ex) -> new TopicPartition(topics.deadLetterOf(record.topic()), -1));
  }

  @Bean
  @ConditionalOnMissingBean
  public GossipRejections gossipRejections(
      ObjectProvider<MeterRegistry> meterRegistry,
      @Qualifier(DEAD_LETTER_RECOVERER) DeadLetterPublishingRecoverer deadLetters,
      @Qualifier(TEMPLATE) KafkaOperations<byte[], Object> template,
      GossipTopics topics,
      GossipProperties properties) {
    GossipRejections rejections =
        new GossipRejections(
            meterRegistry.getIfAvailable(() -> Metrics.globalRegistry),
            deadLetters,
            template,
            topics,
            properties.getNodeId());
    deadLetters.setHeadersFunction(rejections::rejectHeaders);
    return rejections;
  }

  /**
   * Undecodable and invalid records are never retried: they go straight to the DLT through {@link
   * GossipRejections}. Anything else a listener throws is retried twice, 100 ms apart (a blip in a
   * dependency), then dead-lettered as LISTENER_ERROR, so a poison record holds its partition for at
   * most ~200 ms.
   */
  @Bean(ERROR_HANDLER)
  public DefaultErrorHandler gossipErrorHandler(GossipRejections rejections) {
    DefaultErrorHandler handler = new DefaultErrorHandler(rejections, new FixedBackOff(100L, 2L));
    handler.addNotRetryableExceptions(DecodingException.class, InvalidGossipException.class);
    return handler;
  }
}
